/**
 * CIS 2.1.4 / S3.1 (account) / S3.8 (bucket): all four Block Public Access flags
 * on for the account, or — flag by flag, account or bucket, as S3 itself combines
 * them — on for every bucket. Security Hub requires all four; Prowler accepts two:
 * we follow Security Hub.
 */
import { GetPublicAccessBlockCommand as GetBucketPublicAccessBlockCommand, ListBucketsCommand, type Bucket } from '@aws-sdk/client-s3';
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { allPages } from '../allPages';
import { CallError, errorName, outcomeOfError } from '../callErrors';
import { combinedStatus, failedOutcome, type Check } from '../checkOutcome';
import type { Evidence } from '../model';

export const PUBLIC_ACCESS_FLAGS = ['BlockPublicAcls', 'IgnorePublicAcls', 'BlockPublicPolicy', 'RestrictPublicBuckets'] as const;
type Flag = (typeof PUBLIC_ACCESS_FLAGS)[number];
type Flags = Partial<Record<Flag, boolean>>;

function isNotConfigured(error: unknown): boolean {
  return error instanceof CallError && /NoSuchPublicAccessBlockConfiguration/.test(errorName(error.cause));
}

function missing(flags: Flags): Flag[] {
  return PUBLIC_ACCESS_FLAGS.filter((flag) => flags[flag] !== true);
}

function describeFlags(flags: Flags | undefined): string {
  if (!flags) return 'no Block Public Access configuration';
  const off = missing(flags);
  return off.length === 0 ? 'all four flags on' : `${4 - off.length} of 4 flags on; off: ${off.join(', ')}`;
}

export const checkS3PublicAccess: Check = async (context) => {
  let account: Flags | undefined;
  try {
    const answer = await context.call('s3control', context.homeRegion, 's3:GetAccountPublicAccessBlock', (client, options) =>
      client.send(new GetAccountPublicAccessBlockCommand({ AccountId: context.account }), options),
    );
    account = answer.PublicAccessBlockConfiguration ?? {};
  } catch (error) {
    if (!isNotConfigured(error)) return failedOutcome(error, context);
  }
  const evidence: Evidence[] = [{ label: 'account-level', value: describeFlags(account), status: account && missing(account).length === 0 ? 'pass' : 'fail' }];
  if (account && missing(account).length === 0) return { status: 'pass', reason: 'all four flags on at account level', evidence };

  let buckets: Bucket[];
  try {
    buckets = await allPages<Bucket>((token) =>
      context
        .call('s3', context.homeRegion, 's3:ListAllMyBuckets', (client, options) => client.send(new ListBucketsCommand({ ContinuationToken: token }), options))
        .then((answer) => ({ items: answer.Buckets, next: answer.ContinuationToken })),
    );
  } catch (error) {
    return failedOutcome(error, context);
  }
  if (buckets.length === 0) return { status: 'pass', reason: 'no buckets (account-level block is incomplete: new buckets are not covered)', evidence };

  const statuses = await Promise.all(
    buckets.map(async (bucket): Promise<Evidence> => {
      const name = bucket.Name ?? '?';
      let own: Flags | undefined;
      try {
        own = (await context.call('s3', context.homeRegion, 's3:GetBucketPublicAccessBlock', (client, options) => client.send(new GetBucketPublicAccessBlockCommand({ Bucket: name }), options)))
          .PublicAccessBlockConfiguration;
      } catch (error) {
        if (!isNotConfigured(error)) {
          const outcome = outcomeOfError(error, context.profile);
          return { label: `bucket ${name}`, value: outcome.reason, status: outcome.status };
        }
      }
      const effective: Flags = Object.fromEntries(PUBLIC_ACCESS_FLAGS.map((flag) => [flag, account?.[flag] === true || own?.[flag] === true]));
      const off = missing(effective);
      return { label: `bucket ${name}`, value: `${describeFlags(own)}${off.length === 0 ? '' : ` → effective off: ${off.join(', ')}`}`, status: off.length === 0 ? 'pass' : 'fail' };
    }),
  );
  evidence.push(...statuses);
  const status = combinedStatus(statuses.map((s) => s.status ?? 'pass'));
  const bad = statuses.filter((s) => s.status === status).map((s) => s.label.replace(/^bucket /, ''));
  if (status === 'pass') return { status, reason: `all ${buckets.length} bucket${buckets.length === 1 ? '' : 's'} block public access (bucket level)`, evidence };
  if (status === 'fail') return { status, reason: `account-level block incomplete and ${bad.length} bucket${bad.length === 1 ? '' : 's'} not fully blocked: ${bad.join(', ')}`, evidence };
  return { status, reason: statuses.find((s) => s.status === status)!.value, evidence };
};
