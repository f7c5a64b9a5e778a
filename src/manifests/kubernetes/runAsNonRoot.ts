/**
 * SR-K8S-002: a container must not run as root. It passes with runAsNonRoot: true or
 * a runAsUser above 0, at the container level or inherited from the pod (the
 * container's own value wins). runAsUser: 0 fails even next to runAsNonRoot: true
 * (the kubelet then refuses to start the container); that finding has no quick fix,
 * since only the author can choose the user id the image needs.
 */
import type { LintContext } from './lintContext';
import { RESTRICTED } from './fixes';
import { inheritedSetting } from './securityContext';
import type { Verdict } from './verdict';
import type { Container } from './workloads';
import { boolOf, intOf } from './yamlNodes';

export const RUN_AS_NON_ROOT = 'SR-K8S-002';

export function checkRunAsNonRoot(container: Container, ctx: LintContext): Verdict | undefined {
  const user = inheritedSetting(container, 'runAsUser', intOf, ctx);
  const nonRoot = inheritedSetting(container, 'runAsNonRoot', boolOf, ctx);
  if (user.state === 'set' && user.value === 0) {
    const where = user.level === 'pod' ? ' in the pod securityContext' : '';
    const refused = nonRoot.state === 'set' && nonRoot.value ? ' (with runAsNonRoot: true the kubelet refuses to start it)' : '';
    return {
      ruleId: RUN_AS_NON_ROOT,
      at: user.level === 'container' ? user.at : container.at,
      message: `${container.label} runs as root: runAsUser is 0${where}${refused}.`,
      want: null,
    };
  }
  if (nonRoot.state === 'set' && nonRoot.value) return undefined;
  if (user.state === 'set' && user.value > 0) return undefined;
  if (nonRoot.state === 'unknown' || user.state === 'unknown') return undefined;
  if (nonRoot.state === 'set') {
    const where = nonRoot.level === 'pod' ? 'in the pod securityContext' : 'on the container';
    return {
      ruleId: RUN_AS_NON_ROOT,
      at: nonRoot.level === 'container' ? nonRoot.at : container.at,
      message: `${container.label} may run as root: runAsNonRoot is false ${where} and no runAsUser above 0 is set.`,
      want: RESTRICTED.runAsNonRoot,
    };
  }
  return {
    ruleId: RUN_AS_NON_ROOT,
    at: container.at,
    message: `${container.label} may run as root: neither it nor its pod sets runAsNonRoot: true or a runAsUser above 0.`,
    want: RESTRICTED.runAsNonRoot,
  };
}
