/**
 * CIS 1.5 / IAM.9 (root MFA) and CIS 1.4 / IAM.4 (no root access keys), both from
 * IAM GetAccountSummary, read once per scan. The credential report's root
 * password_enabled is documented by AWS as not_supported for root, so it is not used.
 */
import { GetAccountSummaryCommand } from '@aws-sdk/client-iam';
import { failedOutcome, type Check } from '../checkOutcome';
import type { ScanContext } from '../scanContext';

function accountSummary(context: ScanContext): Promise<Record<string, number>> {
  return context.shared('iam:account-summary', async () => {
    const answer = await context.call('iam', context.homeRegion, 'iam:GetAccountSummary', (client, options) => client.send(new GetAccountSummaryCommand({}), options));
    return (answer.SummaryMap ?? {}) as Record<string, number>;
  });
}

function summaryCheck(key: 'AccountMFAEnabled' | 'AccountAccessKeysPresent', passWhen: number, passReason: string, failReason: string): Check {
  return async (context) => {
    let summary;
    try {
      summary = await accountSummary(context);
    } catch (error) {
      return failedOutcome(error, context);
    }
    const value = summary[key];
    const evidence = [{ label: key, value: value === undefined ? 'absent from GetAccountSummary' : String(value) }];
    if (value === undefined) return { status: 'unknown', reason: `GetAccountSummary did not report ${key}`, evidence };
    return value === passWhen ? { status: 'pass', reason: passReason, evidence } : { status: 'fail', reason: failReason, evidence };
  };
}

export const checkRootMfa = summaryCheck('AccountMFAEnabled', 1, 'MFA is enabled for the root user', 'the root user has no MFA device');
export const checkRootAccessKeys = summaryCheck('AccountAccessKeysPresent', 0, 'the root user has no access keys', 'the root user has access keys');
