/** SR-DOCKER-002: a FROM whose image is `:latest` or has no tag (and no digest). */
import type { Finding } from '../model';
import { finding, type DockerfileContext } from './context';
import { BASE_IMAGE_NOT_PINNED } from './rules';
import type { BaseImage } from './stages';

function describe(base: BaseImage): string {
  return base.viaVariables ? `${base.written} (${base.resolved} from the ARG defaults)` : base.written;
}

export function baseImageTag(context: DockerfileContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of context.build.stages) {
    const base = stage.base;
    const reference = base?.reference;
    // Unknown (build-time) values, scratch and earlier stages are not images to pin.
    if (!base || !reference || base.scratch || stage.parent) continue;
    if (reference.digest !== null || reference.name === '') continue;
    if (reference.tag === null) {
      findings.push(
        finding(BASE_IMAGE_NOT_PINNED, `Base image ${describe(base)} has no tag, so it means ${reference.name}:latest, which changes with every release. Pin a version tag (and its digest).`, base.range),
      );
    } else if (reference.tag === 'latest') {
      findings.push(
        finding(BASE_IMAGE_NOT_PINNED, `Base image ${describe(base)} uses the :latest tag, which changes with every release. Pin a version tag (and its digest).`, base.range),
      );
    }
  }
  return findings;
}
