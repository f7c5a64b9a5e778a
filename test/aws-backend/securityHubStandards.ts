/**
 * Security Hub standards (restJson1), which moto lacks (HTTP 404), kept here per
 * account and region:
 * - DescribeStandards (`GET /standards`, MaxResults/NextToken in the query): the
 *   catalog below, with the region in the ARNs as AWS spells them (CIS v1.2.0 is the
 *   region-less `ruleset/` ARN).
 * - BatchEnableStandards (`POST /standards/register`): answers the subscriptions
 *   `PENDING`, as AWS does; GetEnabledStandards then shows them `READY`.
 * - BatchDisableStandards (`POST /standards/deregister`): answers them `DELETING` and
 *   forgets them.
 * - GetEnabledStandards (`POST /standards/get`): optional StandardsSubscriptionArns,
 *   MaxResults (1..100) and NextToken.
 * - EnableSecurityHub (`POST /accounts`) goes to moto, which ignores
 *   `EnableDefaultStandards`; unless it is false (AWS's default is true), FSBP v1.0.0
 *   and CIS v1.2.0 are then enabled here. moto also re-enables an enabled hub
 *   silently; AWS answers ResourceConflictException (409), and so does the proxy.
 * - DisableSecurityHub (`DELETE /accounts`) goes to moto and drops the region's
 *   standards.
 * The account comes from the HubArn moto answers to DescribeHub for the caller's
 * credentials, so a disabled hub answers moto's InvalidAccessException (401), as AWS.
 * Errors are `{"Code","Message"}` with `x-amzn-ErrorType` (see wire.ts).
 */
import type { MotoCaller } from './motoCalls';
import { AwsError } from './wire';

interface Standard {
  StandardsArn: string;
  Name: string;
  Description: string;
  EnabledByDefault: boolean;
  StandardsManagedBy: { Company: string; Product: string };
}

interface Subscription {
  StandardsSubscriptionArn: string;
  StandardsArn: string;
  StandardsInput: Record<string, string>;
  StandardsStatus: 'PENDING' | 'READY' | 'DELETING';
  StandardsControlsUpdatable: 'READY_FOR_UPDATES' | 'NOT_READY_FOR_UPDATES';
}

const AWS_MANAGED = { Company: 'AWS', Product: 'Security Hub' };
const CIS_MANAGED = { Company: 'CIS', Product: 'CIS AWS Foundations Benchmark' };

function cis(version: string, arn: string, enabledByDefault: boolean): Standard {
  return {
    StandardsArn: arn,
    Name: `CIS AWS Foundations Benchmark v${version}`,
    Description: `The Center for Internet Security (CIS) AWS Foundations Benchmark v${version} is a set of security configuration best practices for AWS. This Security Hub standard automatically checks for your compliance readiness against a subset of CIS requirements.`,
    EnabledByDefault: enabledByDefault,
    StandardsManagedBy: CIS_MANAGED,
  };
}

/** The standards Security Hub offers in `region`, in AWS's order. */
export function standardsCatalog(region: string): Standard[] {
  const regional = (path: string): string => `arn:aws:securityhub:${region}::standards/${path}`;
  return [
    {
      StandardsArn: regional('aws-foundational-security-best-practices/v/1.0.0'),
      Name: 'AWS Foundational Security Best Practices v1.0.0',
      Description:
        "The AWS Foundational Security Best Practices standard is a set of automated security checks that detect when AWS accounts and deployed resources do not align to security best practices. The standard is defined by AWS security experts. This curated set of controls helps improve your security posture in AWS, and cover AWS's most popular and foundational services.",
      EnabledByDefault: true,
      StandardsManagedBy: AWS_MANAGED,
    },
    cis('1.2.0', 'arn:aws:securityhub:::ruleset/cis-aws-foundations-benchmark/v/1.2.0', true),
    cis('1.4.0', regional('cis-aws-foundations-benchmark/v/1.4.0'), false),
    cis('3.0.0', regional('cis-aws-foundations-benchmark/v/3.0.0'), false),
    {
      StandardsArn: regional('pci-dss/v/3.2.1'),
      Name: 'PCI DSS v3.2.1',
      Description:
        'The Payment Card Industry Data Security Standard (PCI DSS) v3.2.1 is an information security standard for entities that store, process, and/or transmit cardholder data. This Security Hub standard automatically checks for your compliance readiness against a subset of PCI DSS requirements.',
      EnabledByDefault: false,
      StandardsManagedBy: AWS_MANAGED,
    },
    {
      StandardsArn: regional('nist-800-53/v/5.0.0'),
      Name: 'NIST Special Publication 800-53 Revision 5',
      Description:
        'NIST Special Publication 800-53 Revision 5 provides a catalog of security and privacy controls for information systems and organizations. This Security Hub standard automatically checks for your compliance readiness against a subset of NIST 800-53 requirements.',
      EnabledByDefault: false,
      StandardsManagedBy: AWS_MANAGED,
    },
  ];
}

/** `arn:aws:securityhub:eu-west-1::standards/pci-dss/v/3.2.1` → `arn:aws:securityhub:eu-west-1:ACCOUNT:subscription/pci-dss/v/3.2.1`. */
function subscriptionArn(standardsArn: string, region: string, account: string): string {
  return `arn:aws:securityhub:${region}:${account}:subscription/${standardsArn.replace(/^.*?:(standards|ruleset)\//, '')}`;
}

function invalidInput(message: string): AwsError {
  return new AwsError('InvalidInputException', message, 400);
}

/** 1..25 strings, as the Batch* operations require. */
function batch<T>(list: unknown, name: string): T[] {
  if (!Array.isArray(list) || list.length < 1 || list.length > 25) throw invalidInput(`${name} must contain between 1 and 25 items.`);
  return list as T[];
}

/** One page of `items`: MaxResults 1..100 (default 100), NextToken an opaque offset. */
function page<T>(items: T[], maxResults: unknown, nextToken: unknown): { items: T[]; NextToken?: string } {
  const size = maxResults === undefined || maxResults === '' ? 100 : Number(maxResults);
  if (!Number.isInteger(size) || size < 1 || size > 100) throw invalidInput('MaxResults must be a number between 1 and 100.');
  let offset = 0;
  if (nextToken !== undefined && nextToken !== '') {
    const decoded = /^standards:(\d+)$/.exec(Buffer.from(String(nextToken), 'base64').toString('utf8'));
    if (!decoded) throw invalidInput('The NextToken is not valid.');
    offset = Number(decoded[1]);
  }
  const end = offset + size;
  return end < items.length ? { items: items.slice(offset, end), NextToken: Buffer.from(`standards:${end}`).toString('base64') } : { items: items.slice(offset) };
}

/** The caller's account, from moto's DescribeHub; moto's InvalidAccessException if the hub is off. */
async function subscribedAccount(moto: MotoCaller): Promise<string> {
  const hub = await moto.restJson('GET', '/accounts');
  return String(hub.HubArn).split(':')[4] ?? '';
}

async function isSubscribed(moto: MotoCaller): Promise<boolean> {
  try {
    await subscribedAccount(moto);
    return true;
  } catch (error) {
    if (error instanceof AwsError && error.code === 'InvalidAccessException') return false;
    throw error;
  }
}

interface EnableRequest {
  StandardsSubscriptionRequests?: { StandardsArn?: string; StandardsInput?: Record<string, string> }[];
}

function assertOffered(standardsArn: string, region: string): void {
  if (!standardsCatalog(region).some((s) => s.StandardsArn === standardsArn)) throw invalidInput(`Invalid StandardsArn: ${standardsArn} is not a standard available in ${region}.`);
}

const hubKey = (account: string, region: string): string => `${account}/${region}`;

export class SecurityHubStandards {
  /** `account/region` → subscriptions by StandardsArn, in the order enabled. */
  private readonly enabled = new Map<string, Map<string, Subscription>>();

  clear(): void {
    this.enabled.clear();
  }

  private subscriptions(account: string, region: string): Map<string, Subscription> {
    const key = hubKey(account, region);
    if (!this.enabled.has(key)) this.enabled.set(key, new Map());
    return this.enabled.get(key)!;
  }

  /** Subscribes to an offered standard (kept as READY); answers the subscription as BatchEnableStandards does. */
  private enable(account: string, region: string, standardsArn: string, input: Record<string, string> = {}): Subscription {
    const subscriptions = this.subscriptions(account, region);
    const existing = subscriptions.get(standardsArn);
    if (existing) return existing;
    const created: Subscription = {
      StandardsSubscriptionArn: subscriptionArn(standardsArn, region, account),
      StandardsArn: standardsArn,
      StandardsInput: input,
      StandardsStatus: 'READY',
      StandardsControlsUpdatable: 'READY_FOR_UPDATES',
    };
    subscriptions.set(standardsArn, created);
    return { ...created, StandardsStatus: 'PENDING', StandardsControlsUpdatable: 'NOT_READY_FOR_UPDATES' };
  }

  describeStandards(query: Record<string, string>, region: string): { Standards: Standard[]; NextToken?: string } {
    const { items, NextToken } = page(standardsCatalog(region), query.MaxResults, query.NextToken);
    return NextToken ? { Standards: items, NextToken } : { Standards: items };
  }

  async batchEnableStandards(body: EnableRequest, moto: MotoCaller, region: string): Promise<{ StandardsSubscriptions: Subscription[] }> {
    const requests = batch<NonNullable<EnableRequest['StandardsSubscriptionRequests']>[number]>(body.StandardsSubscriptionRequests, 'StandardsSubscriptionRequests');
    const account = await subscribedAccount(moto);
    for (const request of requests) assertOffered(String(request.StandardsArn ?? ''), region);
    return { StandardsSubscriptions: requests.map((r) => this.enable(account, region, String(r.StandardsArn), r.StandardsInput)) };
  }

  async batchDisableStandards(body: { StandardsSubscriptionArns?: string[] }, moto: MotoCaller, region: string): Promise<{ StandardsSubscriptions: Subscription[] }> {
    const arns = batch<string>(body.StandardsSubscriptionArns, 'StandardsSubscriptionArns');
    const subscriptions = this.subscriptions(await subscribedAccount(moto), region);
    const found = arns.map((arn) => {
      const subscription = [...subscriptions.values()].find((s) => s.StandardsSubscriptionArn === arn);
      if (!subscription) throw invalidInput(`Invalid StandardsSubscriptionArn: ${arn} is not an enabled standard in ${region}.`);
      return subscription;
    });
    for (const subscription of found) subscriptions.delete(subscription.StandardsArn);
    return { StandardsSubscriptions: found.map((s) => ({ ...s, StandardsStatus: 'DELETING', StandardsControlsUpdatable: 'NOT_READY_FOR_UPDATES' })) };
  }

  async getEnabledStandards(
    body: { StandardsSubscriptionArns?: string[]; MaxResults?: number; NextToken?: string },
    moto: MotoCaller,
    region: string,
  ): Promise<{ StandardsSubscriptions: Subscription[]; NextToken?: string }> {
    const all = [...this.subscriptions(await subscribedAccount(moto), region).values()];
    const wanted = body.StandardsSubscriptionArns?.length ? all.filter((s) => body.StandardsSubscriptionArns!.includes(s.StandardsSubscriptionArn)) : all;
    const { items, NextToken } = page(wanted, body.MaxResults, body.NextToken);
    return NextToken ? { StandardsSubscriptions: items, NextToken } : { StandardsSubscriptions: items };
  }

  async enableSecurityHub(body: { EnableDefaultStandards?: boolean }, moto: MotoCaller, region: string): Promise<Record<string, never>> {
    if (await isSubscribed(moto)) throw new AwsError('ResourceConflictException', 'Account is already subscribed to Security Hub', 409);
    await moto.restJson('POST', '/accounts', body);
    if (body.EnableDefaultStandards !== false) {
      const account = await subscribedAccount(moto);
      for (const standard of standardsCatalog(region).filter((s) => s.EnabledByDefault)) this.enable(account, region, standard.StandardsArn);
    }
    return {};
  }

  async disableSecurityHub(moto: MotoCaller, region: string): Promise<Record<string, never>> {
    const account = await subscribedAccount(moto);
    await moto.restJson('DELETE', '/accounts');
    this.enabled.delete(hubKey(account, region));
    return {};
  }
}
