/** SR-DOCKER-003: the shipped image builds on a full image where a slim variant exists. */
import type { Finding } from '../model';
import { finding, type DockerfileContext } from './context';
import { FULL_BASE_IMAGE } from './rules';
import { smallerVariant } from './slimVariants';
import { stageChain } from './stages';

export function fullBaseImage(context: DockerfileContext): Finding[] {
  const { finalStage } = context;
  if (!finalStage) return [];
  // Through `FROM <stage>`, the image that ships is the base image of the chain's first stage.
  const chain = stageChain(finalStage);
  const root = chain[chain.length - 1]!;
  const base = root.base;
  if (!base?.reference || base.scratch || root.parent) return [];
  const variant = smallerVariant(base.reference);
  if (!variant) return [];
  const shown = base.viaVariables ? `${base.written} (${base.resolved})` : base.written;
  const through = root === finalStage ? 'The final stage builds on' : `The final stage builds (through stage${chain.length > 2 ? 's' : ''} ${chain.slice(1).map((s) => `"${s.alias ?? s.index}"`).join(', ')}) on`;
  return [finding(FULL_BASE_IMAGE, `${through} ${shown}, which carries ${variant.why}; consider ${variant.suggestion}.`, base.range)];
}
