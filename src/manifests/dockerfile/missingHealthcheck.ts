/** SR-DOCKER-006: the shipped image has no HEALTHCHECK (`HEALTHCHECK NONE` is a decision and passes). */
import type { Finding } from '../model';
import { finding, type DockerfileContext } from './context';
import { NO_HEALTHCHECK } from './rules';
import { stageChain } from './stages';

export function missingHealthcheck(context: DockerfileContext): Finding[] {
  const { finalStage } = context;
  if (!finalStage) return [];
  // A stage built on another inherits its HEALTHCHECK, like the rest of the image configuration.
  const chain = stageChain(finalStage);
  if (chain.some((stage) => stage.instructions.some((instruction) => instruction.getKeyword() === 'HEALTHCHECK'))) return [];
  return [
    finding(
      NO_HEALTHCHECK,
      'The final stage has no HEALTHCHECK: Docker, Compose and ECS cannot tell a hung service from a working one. Add HEALTHCHECK CMD ..., or HEALTHCHECK NONE where orchestrator probes decide (Kubernetes).',
      finalStage.fromKeyword,
    ),
  ];
}
