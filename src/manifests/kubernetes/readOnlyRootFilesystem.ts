/** SR-K8S-007: the container's root filesystem should be read-only (container level only). */
import type { LintContext } from './lintContext';
import { RESTRICTED } from './fixes';
import { containerSetting } from './securityContext';
import type { Verdict } from './verdict';
import type { Container } from './workloads';
import { boolOf } from './yamlNodes';

export const READ_ONLY_ROOT_FILESYSTEM = 'SR-K8S-007';

export function checkReadOnlyRootFilesystem(container: Container, ctx: LintContext): Verdict | undefined {
  // Windows containers do not support a read-only root filesystem.
  if (container.pod.windows) return undefined;
  const setting = containerSetting(container, 'readOnlyRootFilesystem', boolOf, ctx);
  if (setting.state === 'unknown' || (setting.state === 'set' && setting.value)) return undefined;
  if (setting.state === 'set') {
    return { ruleId: READ_ONLY_ROOT_FILESYSTEM, at: setting.at, message: `${container.label} has a writable root filesystem (readOnlyRootFilesystem: false).`, want: RESTRICTED.readOnlyRootFilesystem };
  }
  return {
    ruleId: READ_ONLY_ROOT_FILESYSTEM,
    at: setting.at ?? container.at,
    message: `${container.label} does not set readOnlyRootFilesystem: true, so an intruder can write to its filesystem.`,
    want: RESTRICTED.readOnlyRootFilesystem,
  };
}
