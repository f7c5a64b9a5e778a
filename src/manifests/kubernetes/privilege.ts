/**
 * SR-K8S-003 allowPrivilegeEscalation unset or true (we follow the restricted
 * profile: unset fails, since it defaults to true) and SR-K8S-004 privileged: true.
 */
import type { LintContext } from './lintContext';
import { RESTRICTED } from './fixes';
import { capabilitiesOf, capabilityName, containerSetting } from './securityContext';
import type { Verdict } from './verdict';
import type { Container } from './workloads';
import { boolOf } from './yamlNodes';

export const ALLOW_PRIVILEGE_ESCALATION = 'SR-K8S-003';
export const PRIVILEGED = 'SR-K8S-004';

export function checkPrivilegeEscalation(container: Container, ctx: LintContext): Verdict | undefined {
  // The restricted profile does not ask this of Windows pods (no such Linux setting there).
  if (container.pod.windows) return undefined;
  const setting = containerSetting(container, 'allowPrivilegeEscalation', boolOf, ctx);
  if (setting.state === 'unknown' || (setting.state === 'set' && !setting.value)) return undefined;
  // Kubernetes rejects allowPrivilegeEscalation: false on a privileged container or one adding SYS_ADMIN.
  const privileged = containerSetting(container, 'privileged', boolOf, ctx);
  const capabilities = capabilitiesOf(container, ctx);
  const blocked =
    privileged.state === 'unknown' ||
    (privileged.state === 'set' && privileged.value) ||
    capabilities.state === 'unknown' ||
    capabilities.add.some((cap) => capabilityName(cap.name) === 'SYS_ADMIN');
  const why = blocked ? ' (no quick fix: Kubernetes rejects allowPrivilegeEscalation: false on a privileged container or one that adds SYS_ADMIN)' : '';
  if (setting.state === 'set') {
    return { ruleId: ALLOW_PRIVILEGE_ESCALATION, at: setting.at, message: `${container.label} allows privilege escalation (allowPrivilegeEscalation: true)${why}.`, want: blocked ? null : RESTRICTED.allowPrivilegeEscalation };
  }
  return {
    ruleId: ALLOW_PRIVILEGE_ESCALATION,
    at: setting.at ?? container.at,
    message: `${container.label} does not set allowPrivilegeEscalation: false, so a process can gain more privileges than its parent (setuid binaries)${why}.`,
    want: blocked ? null : RESTRICTED.allowPrivilegeEscalation,
  };
}

export function checkPrivileged(container: Container, ctx: LintContext): void {
  const setting = containerSetting(container, 'privileged', boolOf, ctx);
  if (setting.state === 'set' && setting.value) {
    ctx.report(PRIVILEGED, setting.at, `${container.label} is privileged: it has every capability and access to the host's devices.`);
  }
}
