/**
 * SR-K8S-008: the container runs under a seccomp profile: RuntimeDefault or Localhost,
 * from its own securityContext, its legacy container annotation, the pod's
 * securityContext or the legacy pod annotation (in that order of precedence).
 */
import type { LintContext } from './lintContext';
import { RESTRICTED } from './fixes';
import { seccompOf } from './securityContext';
import type { Verdict } from './verdict';
import type { Container } from './workloads';

export const SECCOMP = 'SR-K8S-008';

export function checkSeccomp(container: Container, ctx: LintContext): Verdict | undefined {
  if (container.pod.windows) return undefined;
  const verdict = seccompOf(container, ctx);
  if (verdict.state !== 'fail') return undefined;
  // A container profile with localhostProfile cannot simply become RuntimeDefault (Kubernetes rejects the pair).
  const sc = container.securityContext;
  const profile = sc.state === 'map' ? container.pod.nodes.get(sc.map, 'seccompProfile') : undefined;
  const fixable = container.pod.nodes.lookup(profile, 'localhostProfile') === undefined;
  return {
    ruleId: SECCOMP,
    at: verdict.explicitLevel === 'container' && verdict.at ? verdict.at : container.at,
    message: `${container.label} does not run under the RuntimeDefault (or a Localhost) seccomp profile: ${verdict.detail}.`,
    want: fixable ? RESTRICTED.seccompProfile : null,
  };
}
