/**
 * SR-K8S-005 capabilities that do not drop ALL, and SR-K8S-006 added capabilities
 * beyond those the Pod Security Standards baseline allows (SYS_ADMIN, NET_ADMIN,
 * NET_RAW, SYS_PTRACE, SYS_MODULE, DAC_READ_SEARCH, BPF, PERFMON, SYS_RAWIO, ALL, ...).
 */
import type { LintContext } from './lintContext';
import { RESTRICTED } from './fixes';
import { capabilitiesOf, capabilityName } from './securityContext';
import type { Verdict } from './verdict';
import type { Container } from './workloads';

export const DROP_ALL = 'SR-K8S-005';
export const DANGEROUS_CAPABILITIES = 'SR-K8S-006';

/** What the PSS baseline profile lets a container add; anything else is reported. */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

export function checkDropAll(container: Container, ctx: LintContext): Verdict | undefined {
  if (container.pod.windows) return undefined;
  const capabilities = capabilitiesOf(container, ctx);
  if (capabilities.state === 'unknown' || capabilities.dropUnknown) return undefined;
  if (capabilities.drop.some((cap) => capabilityName(cap.name) === 'ALL')) return undefined;
  const dropped = capabilities.drop.map((cap) => cap.name);
  const detail = dropped.length > 0 ? ` (it drops only ${dropped.join(', ')})` : '';
  return {
    ruleId: DROP_ALL,
    at: capabilities.dropAt ?? container.at,
    message: `${container.label} does not drop ALL capabilities${detail}, so it keeps the runtime's default capabilities (NET_RAW among them unless dropped).`,
    want: RESTRICTED.capabilities,
  };
}

export function checkAddedCapabilities(container: Container, ctx: LintContext): void {
  const capabilities = capabilitiesOf(container, ctx);
  if (capabilities.state === 'unknown') return;
  for (const cap of capabilities.add) {
    const name = capabilityName(cap.name);
    if (BASELINE_CAPABILITIES.has(name)) continue;
    const what = name === 'ALL' ? 'every capability (ALL)' : `the capability ${name}`;
    ctx.report(DANGEROUS_CAPABILITIES, cap.at, `${container.label} adds ${what}, which the Pod Security Standards baseline forbids.`);
  }
}
