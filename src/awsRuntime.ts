/**
 * Everything that needs the AWS SDK, bundled apart as dist/aws.js and loaded on
 * first use (src/vscode/awsRuntimeLoader.ts), so activating the extension loads no
 * SDK code at all.
 */
export { AwsSession } from './aws/awsSession';
export type { CallerIdentity, AwsClientConfig } from './aws/awsSession';
export { describeAwsError } from './aws/awsErrors';

import type { CellExecutor } from './cells/cellRun';
import type { NativeLanguageId } from './cells/nativeLanguages';
import { CloudTrailExecutor } from './cells/aws/cloudTrailExecutor';
import { LogRetentionExecutor } from './cells/aws/logRetentionExecutor';
import { LogsInsightsExecutor } from './cells/aws/logsInsightsExecutor';
import { SecurityHubExecutor } from './cells/aws/securityHubExecutor';

/** The executor of a native AWS cell kind. */
export function createNativeExecutor(languageId: NativeLanguageId): CellExecutor {
  switch (languageId) {
    case 'logs-insights':
      return new LogsInsightsExecutor();
    case 'cloudtrail':
      return new CloudTrailExecutor();
    case 'securityhub':
      return new SecurityHubExecutor();
    case 'log-retention':
      return new LogRetentionExecutor();
  }
}

export { runComplianceScan } from './compliance/sessionScan';
