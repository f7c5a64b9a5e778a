/**
 * The checks of one pod template: pod-level (host namespaces), then each container.
 * The five restricted-profile findings of a container (002, 003, 005, 007, 008)
 * share one quick fix that adds everything the container lacks at once.
 */
import { checkAddedCapabilities, checkDropAll } from './capabilities';
import { checkEnvSecrets } from './envSecrets';
import { restrictedFix } from './fixes';
import { checkHostNamespaces } from './hostNamespaces';
import { checkImageTag } from './imageTag';
import type { LintContext } from './lintContext';
import { checkPrivileged, checkPrivilegeEscalation } from './privilege';
import { checkReadOnlyRootFilesystem } from './readOnlyRootFilesystem';
import { checkResourceLimits } from './resourceLimits';
import { checkRunAsNonRoot } from './runAsNonRoot';
import { checkSeccomp } from './seccomp';
import type { Verdict } from './verdict';
import type { Container, PodTemplate } from './workloads';

const RESTRICTED_CHECKS: ReadonlyArray<(container: Container, ctx: LintContext) => Verdict | undefined> = [
  checkRunAsNonRoot,
  checkPrivilegeEscalation,
  checkDropAll,
  checkReadOnlyRootFilesystem,
  checkSeccomp,
];

function checkContainer(container: Container, ctx: LintContext): void {
  const verdicts: Verdict[] = [];
  for (const check of RESTRICTED_CHECKS) {
    const verdict = check(container, ctx);
    if (verdict) verdicts.push(verdict);
  }
  if (verdicts.length > 0) {
    const wants = verdicts.flatMap((verdict) => (verdict.want ? [verdict.want] : []));
    const fix = restrictedFix(container, wants, ctx);
    for (const verdict of verdicts) ctx.report(verdict.ruleId, verdict.at, verdict.message, verdict.want ? fix : undefined);
  }
  checkPrivileged(container, ctx);
  checkAddedCapabilities(container, ctx);
  checkImageTag(container, ctx);
  checkResourceLimits(container, ctx);
  checkEnvSecrets(container, ctx);
}

export function checkPod(pod: PodTemplate, ctx: LintContext): void {
  checkHostNamespaces(pod, ctx);
  for (const container of pod.containers) checkContainer(container, ctx);
}
