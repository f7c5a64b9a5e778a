/**
 * CIS 1.8 / IAM.15 (minimum length ≥ 14) and CIS 1.9 / IAM.16 (reuse prevention
 * ≥ 24). No policy at all (NoSuchEntity) fails.
 */
import { GetAccountPasswordPolicyCommand } from '@aws-sdk/client-iam';
import { CallError, errorName } from '../callErrors';
import { failedOutcome, type Check } from '../checkOutcome';
import type { Evidence } from '../model';

export const MIN_PASSWORD_LENGTH = 14;
export const MIN_REUSE_PREVENTION = 24;

export const checkPasswordPolicy: Check = async (context) => {
  let policy;
  try {
    policy = (await context.call('iam', context.homeRegion, 'iam:GetAccountPasswordPolicy', (client, options) => client.send(new GetAccountPasswordPolicyCommand({}), options)))
      .PasswordPolicy;
  } catch (error) {
    if (error instanceof CallError && /NoSuchEntity/.test(errorName(error.cause))) {
      return { status: 'fail', reason: 'no account password policy', evidence: [{ label: 'password policy', value: 'none (IAM defaults apply)', status: 'fail' }] };
    }
    return failedOutcome(error, context);
  }
  const length = policy?.MinimumPasswordLength;
  const reuse = policy?.PasswordReusePrevention;
  const lengthOk = (length ?? 0) >= MIN_PASSWORD_LENGTH;
  const reuseOk = (reuse ?? 0) >= MIN_REUSE_PREVENTION;
  const evidence: Evidence[] = [
    { label: 'MinimumPasswordLength', value: `${length ?? 'not set'} (needs ≥ ${MIN_PASSWORD_LENGTH})`, status: lengthOk ? 'pass' : 'fail' },
    { label: 'PasswordReusePrevention', value: `${reuse ?? 'not set'} (needs ≥ ${MIN_REUSE_PREVENTION})`, status: reuseOk ? 'pass' : 'fail' },
  ];
  const problems = [lengthOk ? '' : `minimum length ${length ?? 'not set'} < ${MIN_PASSWORD_LENGTH}`, reuseOk ? '' : `reuse prevention ${reuse ?? 'not set'} < ${MIN_REUSE_PREVENTION}`].filter(Boolean);
  return problems.length === 0
    ? { status: 'pass', reason: `length ${length}, reuse prevention ${reuse}`, evidence }
    : { status: 'fail', reason: problems.join('; '), evidence };
};
