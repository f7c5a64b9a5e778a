/**
 * Seeding helpers. Everything goes through the real AWS SDK clients against the
 * backend's endpoint (credentials testing/testing), like the extension's own calls;
 * only CloudTrail history, which has no write API, is seeded directly.
 */
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { BatchImportFindingsCommand, EnableSecurityHubCommand, SecurityHubClient, type AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { createHash, randomUUID } from 'node:crypto';
import type { SeedEvent } from './cloudTrail';

export const TEST_CREDENTIALS = { accessKeyId: 'testing', secretAccessKey: 'testing' };
export const TEST_ACCOUNT = '123456789012';

/** Options for any SDK client pointed at the backend. */
export function clientConfig(endpoint: string, region: string) {
  return { endpoint, region, credentials: TEST_CREDENTIALS, maxAttempts: 1 };
}

export function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}

// ---------------------------------------------------------------- CloudWatch Logs

async function ignoreAlreadyExists(call: Promise<unknown>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (errorName(error) !== 'ResourceAlreadyExistsException') throw error;
  }
}

export interface LogLine {
  /** Epoch milliseconds. moto, like AWS, rejects events older than 14 days. */
  timestamp: number;
  message: string;
}

/** Creates the group and one stream (if missing) and puts the lines in time order. */
export async function seedLogGroup(endpoint: string, region: string, name: string, messages: LogLine[], stream = 'seeded-stream'): Promise<void> {
  const logs = new CloudWatchLogsClient(clientConfig(endpoint, region));
  try {
    await ignoreAlreadyExists(logs.send(new CreateLogGroupCommand({ logGroupName: name })));
    await ignoreAlreadyExists(logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: stream })));
    const sorted = [...messages].sort((a, b) => a.timestamp - b.timestamp);
    for (let i = 0; i < sorted.length; i += 10_000) {
      const batch = sorted.slice(i, i + 10_000);
      const answer = await logs.send(new PutLogEventsCommand({ logGroupName: name, logStreamName: stream, logEvents: batch }));
      if (answer.rejectedLogEventsInfo && Object.keys(answer.rejectedLogEventsInfo).length > 0) {
        throw new Error(`PutLogEvents rejected events for ${name} (too old: more than 14 days; too new: more than 2 hours ahead): ${JSON.stringify(answer.rejectedLogEventsInfo)}`);
      }
    }
  } finally {
    logs.destroy();
  }
}

// ---------------------------------------------------------------- Security Hub

export type SeverityLabel = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';
export type ComplianceStatus = 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE';

export interface FindingSpec {
  /** Security Hub control id, e.g. `IAM.4`. */
  controlId: string;
  title: string;
  severity: SeverityLabel;
  complianceStatus: ComplianceStatus;
  resource: { type: string; id: string };
  /** Default: a control-finding ARN derived from the control and resource. */
  id?: string;
  description?: string;
  workflowStatus?: 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';
  recordState?: 'ACTIVE' | 'ARCHIVED';
  /** ISO time; default now. */
  updatedAt?: string;
  accountId?: string;
}

const NORMALIZED: Record<SeverityLabel, number> = { CRITICAL: 90, HIGH: 70, MEDIUM: 40, LOW: 1, INFORMATIONAL: 0 };

/** A consolidated control finding shaped like the ones Security Hub generates itself. */
export function buildFinding(spec: FindingSpec, region: string): AwsSecurityFinding {
  const accountId = spec.accountId ?? TEST_ACCOUNT;
  const at = spec.updatedAt ?? new Date().toISOString();
  const stable = createHash('sha256').update(`${accountId}/${region}/${spec.controlId}/${spec.resource.id}`).digest('hex');
  const findingUuid = `${stable.slice(0, 8)}-${stable.slice(8, 12)}-${stable.slice(12, 16)}-${stable.slice(16, 20)}-${stable.slice(20, 32)}`;
  const id = spec.id ?? `arn:aws:securityhub:${region}:${accountId}:security-control/${spec.controlId}/finding/${findingUuid}`;
  const types = ['Software and Configuration Checks/Industry and Regulatory Standards'];
  const passed = spec.complianceStatus === 'PASSED';
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    ProductName: 'Security Hub',
    CompanyName: 'AWS',
    Region: region,
    GeneratorId: `security-control/${spec.controlId}`,
    AwsAccountId: accountId,
    Types: types,
    FirstObservedAt: at,
    LastObservedAt: at,
    CreatedAt: at,
    UpdatedAt: at,
    Severity: { Label: spec.severity, Normalized: NORMALIZED[spec.severity], Original: spec.severity },
    Title: spec.title,
    Description: spec.description ?? `This control checks: ${spec.title}`,
    Remediation: {
      Recommendation: {
        Text: 'For information on how to correct this issue, consult the AWS Security Hub controls documentation.',
        Url: `https://docs.aws.amazon.com/console/securityhub/${spec.controlId}/remediation`,
      },
    },
    ProductFields: {
      RelatedAWSResources: `0/name`,
      'aws/securityhub/ProductName': 'Security Hub',
      'aws/securityhub/CompanyName': 'AWS',
      'aws/securityhub/FindingId': id,
    },
    Resources: [{ Type: spec.resource.type, Id: spec.resource.id, Partition: 'aws', Region: region }],
    Compliance: {
      Status: spec.complianceStatus,
      SecurityControlId: spec.controlId,
      AssociatedStandards: [{ StandardsId: 'standards/aws-foundational-security-best-practices/v/1.0.0' }, { StandardsId: 'standards/cis-aws-foundations-benchmark/v/1.4.0' }],
    },
    WorkflowState: passed ? 'RESOLVED' : 'NEW',
    Workflow: { Status: spec.workflowStatus ?? (passed ? 'RESOLVED' : 'NEW') },
    RecordState: spec.recordState ?? 'ACTIVE',
    FindingProviderFields: { Severity: { Label: spec.severity, Original: spec.severity }, Types: types },
  };
}

/** Enables Security Hub in the region (if needed) and imports the findings (specs are built with `buildFinding`). */
export async function seedSecurityHubFindings(endpoint: string, region: string, findings: (AwsSecurityFinding | FindingSpec)[]): Promise<void> {
  const hub = new SecurityHubClient(clientConfig(endpoint, region));
  try {
    try {
      await hub.send(new EnableSecurityHubCommand({ EnableDefaultStandards: false }));
    } catch (error) {
      if (errorName(error) !== 'ResourceConflictException') throw error; // already enabled
    }
    const documents = findings.map((f) => ('controlId' in f ? buildFinding(f, region) : f));
    for (let i = 0; i < documents.length; i += 100) {
      const answer = await hub.send(new BatchImportFindingsCommand({ Findings: documents.slice(i, i + 100) }));
      if (answer.FailedCount) throw new Error(`BatchImportFindings failed for ${answer.FailedCount} finding(s): ${JSON.stringify(answer.FailedFindings)}`);
    }
  } finally {
    hub.destroy();
  }
}

// ---------------------------------------------------------------- the incident demo

export const DEMO_LOG_GROUP = '/aws/eks/titanic-api/cluster';
export const DEMO_COMPROMISED_USER = 'compromised-user';
export const DEMO_ATTACKER_IP = '185.220.101.47';

interface AuditLine {
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  user: string;
  groups: string[];
  sourceIP: string;
  code: number;
  userAgent: string;
}

/** One Kubernetes API-server audit event (audit.k8s.io/v1), as EKS writes it to CloudWatch Logs. */
function auditEvent(line: AuditLine, at: number): string {
  const forbidden = line.code === 403;
  const path = `/api/v1${line.namespace ? `/namespaces/${line.namespace}` : ''}/${line.resource}${line.name ? `/${line.name}` : ''}`;
  const stage = new Date(at).toISOString().replace('Z', '000Z');
  return JSON.stringify({
    kind: 'Event',
    apiVersion: 'audit.k8s.io/v1',
    level: 'Metadata',
    auditID: randomUUID(),
    stage: 'ResponseComplete',
    requestURI: path,
    verb: line.verb,
    user: { username: line.user, groups: line.groups },
    sourceIPs: [line.sourceIP],
    userAgent: line.userAgent,
    objectRef: { resource: line.resource, ...(line.namespace ? { namespace: line.namespace } : {}), ...(line.name ? { name: line.name } : {}), apiVersion: 'v1' },
    responseStatus: forbidden
      ? {
          metadata: {},
          status: 'Failure',
          message: `${line.resource} is forbidden: User "${line.user}" cannot ${line.verb} resource "${line.resource}" in API group "" ${line.namespace ? `in the namespace "${line.namespace}"` : 'at the cluster scope'}`,
          reason: 'Forbidden',
          details: { kind: line.resource },
          code: 403,
        }
      : { metadata: {}, code: line.code },
    requestReceivedTimestamp: stage,
    stageTimestamp: stage,
    annotations: { 'authorization.k8s.io/decision': forbidden ? 'forbid' : 'allow', 'authorization.k8s.io/reason': forbidden ? '' : 'RBAC: allowed by ClusterRoleBinding' },
  });
}

function demoAuditLines(now: number): LogLine[] {
  const node = { user: 'system:node:ip-10-0-1-23.ec2.internal', groups: ['system:nodes', 'system:authenticated'], sourceIP: '10.0.1.23', userAgent: 'kubelet/v1.29.3 (linux/amd64) kubernetes/6813625' };
  const deployer = { user: 'arn:aws:iam::123456789012:role/github-actions-deploy', groups: ['system:masters', 'system:authenticated'], sourceIP: '10.0.3.7', userAgent: 'kubectl/v1.29.1 (linux/amd64) kubernetes/bc401b9' };
  const anonymous = { user: 'system:anonymous', groups: ['system:unauthenticated'], sourceIP: DEMO_ATTACKER_IP, userAgent: 'curl/8.4.0' };
  const serviceAccount = { user: 'system:serviceaccount:titanic:titanic-api', groups: ['system:serviceaccounts', 'system:authenticated'], sourceIP: '10.0.2.41', userAgent: 'titanic-api/1.4.2' };
  const lines: [Omit<AuditLine, 'user' | 'groups' | 'sourceIP' | 'userAgent'>, typeof node][] = [];
  for (let i = 0; i < 24; i++) {
    const who = [node, deployer, serviceAccount][i % 3]!;
    const ops = [
      { verb: 'get', resource: 'pods', namespace: 'titanic', name: `titanic-api-7d9f8-${i}`, code: 200 },
      { verb: 'patch', resource: 'deployments', namespace: 'titanic', name: 'titanic-api', code: 200 },
      { verb: 'get', resource: 'configmaps', namespace: 'titanic', name: 'titanic-api-config', code: 200 },
      { verb: 'watch', resource: 'endpoints', namespace: 'default', code: 200 },
    ];
    lines.push([ops[i % ops.length]!, who]);
  }
  const forbidden = [
    { verb: 'list', resource: 'secrets', namespace: 'kube-system', code: 403 },
    { verb: 'get', resource: 'secrets', namespace: 'titanic', name: 'titanic-db-credentials', code: 403 },
    { verb: 'create', resource: 'pods', namespace: 'kube-system', code: 403 },
    { verb: 'list', resource: 'nodes', code: 403 },
    { verb: 'create', resource: 'clusterrolebindings', code: 403 },
    { verb: 'get', resource: 'pods', namespace: 'titanic', name: 'exec', code: 403 },
  ];
  // The forbidden probes come in a burst, 40 to 15 minutes ago, between normal traffic.
  forbidden.forEach((op, i) => lines.splice(8 + i * 3, 0, [op, i % 2 === 0 ? anonymous : serviceAccount]));
  const start = now - 55 * 60_000;
  return lines.map(([op, who], i) => ({ timestamp: start + i * 90_000, message: auditEvent({ ...op, ...who }, start + i * 90_000) }));
}

function demoCloudTrailEvents(now: number): SeedEvent[] {
  const minutesAgo = (m: number): number => now - m * 60_000;
  const attacker = { username: DEMO_COMPROMISED_USER, sourceIPAddress: DEMO_ATTACKER_IP, userAgent: 'aws-cli/2.13.5 Python/3.11.4 Linux/5.15 exe/x86_64' };
  const bucket = 'titanic-prod-data';
  return [
    { ...attacker, eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', eventTime: minutesAgo(170), userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Gecko/20100101 Firefox/115.0' },
    { ...attacker, eventName: 'GetCallerIdentity', eventSource: 'sts.amazonaws.com', eventTime: minutesAgo(160) },
    { ...attacker, eventName: 'ListUsers', eventSource: 'iam.amazonaws.com', eventTime: minutesAgo(158) },
    { ...attacker, eventName: 'CreateAccessKey', eventSource: 'iam.amazonaws.com', eventTime: minutesAgo(150), resources: [{ type: 'AWS::IAM::User', name: DEMO_COMPROMISED_USER }], requestParameters: { userName: DEMO_COMPROMISED_USER } },
    { ...attacker, eventName: 'CreateUser', eventSource: 'iam.amazonaws.com', eventTime: minutesAgo(145), resources: [{ type: 'AWS::IAM::User', name: 'backup-admin' }], requestParameters: { userName: 'backup-admin' } },
    { ...attacker, eventName: 'AttachUserPolicy', eventSource: 'iam.amazonaws.com', eventTime: minutesAgo(144), resources: [{ type: 'AWS::IAM::User', name: 'backup-admin' }, { type: 'AWS::IAM::Policy', name: 'arn:aws:iam::aws:policy/AdministratorAccess' }], requestParameters: { userName: 'backup-admin', policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' } },
    { ...attacker, eventName: 'ListBuckets', eventSource: 's3.amazonaws.com', eventTime: minutesAgo(130) },
    { ...attacker, eventName: 'PutBucketPolicy', eventSource: 's3.amazonaws.com', eventTime: minutesAgo(120), resources: [{ type: 'AWS::S3::Bucket', name: bucket }], requestParameters: { bucketName: bucket, bucketPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }] } } },
    { ...attacker, eventName: 'StopLogging', eventSource: 'cloudtrail.amazonaws.com', eventTime: minutesAgo(110), resources: [{ type: 'AWS::CloudTrail::Trail', name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events' }], errorCode: 'AccessDenied', errorMessage: 'User is not authorized to perform: cloudtrail:StopLogging' },
    { ...attacker, eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com', eventTime: minutesAgo(95), resources: [{ type: 'AWS::EC2::Instance', name: 'i-0a1b2c3d4e5f67890' }], requestParameters: { instanceType: 'p3.16xlarge', minCount: 4, maxCount: 4 } },
    // Ordinary activity by the team, interleaved.
    { username: 'alice', eventName: 'DescribeLogGroups', eventSource: 'logs.amazonaws.com', eventTime: minutesAgo(175), sourceIPAddress: '203.0.113.10' },
    { username: 'alice', eventName: 'ConsoleLogin', eventSource: 'signin.amazonaws.com', eventTime: minutesAgo(176), sourceIPAddress: '203.0.113.10', additionalEventData: { LoginTo: 'https://console.aws.amazon.com/console/home', MobileVersion: 'No', MFAUsed: 'Yes' } },
    { username: 'alice', eventName: 'GetFindings', eventSource: 'securityhub.amazonaws.com', eventTime: minutesAgo(140), sourceIPAddress: '203.0.113.10' },
    { username: 'deploy-bot', eventName: 'UpdateService', eventSource: 'ecs.amazonaws.com', eventTime: minutesAgo(125), sourceIPAddress: '10.0.3.7', resources: [{ type: 'AWS::ECS::Service', name: 'titanic-api' }] },
    { username: 'deploy-bot', eventName: 'PutImage', eventSource: 'ecr.amazonaws.com', eventTime: minutesAgo(126), sourceIPAddress: '10.0.3.7', resources: [{ type: 'AWS::ECR::Repository', name: 'titanic-api' }] },
    { username: 'alice', eventName: 'DescribeInstances', eventSource: 'ec2.amazonaws.com', eventTime: minutesAgo(60), sourceIPAddress: '203.0.113.10' },
    { username: 'deploy-bot', eventName: 'GetAuthorizationToken', eventSource: 'ecr.amazonaws.com', eventTime: minutesAgo(30), sourceIPAddress: '10.0.3.7' },
  ];
}

function demoFindings(): FindingSpec[] {
  return [
    { controlId: 'IAM.4', title: 'IAM root user access key should not exist', severity: 'CRITICAL', complianceStatus: 'FAILED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
    { controlId: 'S3.8', title: 'S3 general purpose buckets should block public access', severity: 'HIGH', complianceStatus: 'FAILED', resource: { type: 'AwsS3Bucket', id: 'arn:aws:s3:::titanic-prod-data' } },
    { controlId: 'CloudTrail.1', title: 'CloudTrail should be enabled and configured with at least one multi-Region trail that includes read and write management events', severity: 'HIGH', complianceStatus: 'FAILED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
    { controlId: 'GuardDuty.1', title: 'GuardDuty should be enabled', severity: 'HIGH', complianceStatus: 'FAILED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
    { controlId: 'IAM.3', title: "IAM users' access keys should be rotated every 90 days or less", severity: 'MEDIUM', complianceStatus: 'FAILED', resource: { type: 'AwsIamUser', id: `arn:aws:iam::${TEST_ACCOUNT}:user/${DEMO_COMPROMISED_USER}` } },
    { controlId: 'EC2.6', title: 'VPC flow logging should be enabled in all VPCs', severity: 'MEDIUM', complianceStatus: 'FAILED', resource: { type: 'AwsEc2Vpc', id: `arn:aws:ec2:us-east-1:${TEST_ACCOUNT}:vpc/vpc-0abc1234def567890` } },
    { controlId: 'IAM.6', title: 'Hardware MFA should be enabled for the root user', severity: 'CRITICAL', complianceStatus: 'PASSED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
    { controlId: 'Config.1', title: 'AWS Config should be enabled and use the service-linked role for resource recording', severity: 'MEDIUM', complianceStatus: 'PASSED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
    { controlId: 'S3.1', title: 'S3 general purpose buckets should have block public access settings enabled', severity: 'MEDIUM', complianceStatus: 'PASSED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
    { controlId: 'IAM.7', title: 'Password policies for IAM users should have strong configurations', severity: 'MEDIUM', complianceStatus: 'PASSED', resource: { type: 'AwsAccount', id: `AWS::::Account:${TEST_ACCOUNT}` } },
  ];
}

export interface DemoSummary {
  region: string;
  logGroup: string;
  logLines: number;
  forbiddenLines: number;
  cloudTrailEvents: number;
  compromisedUserEvents: number;
  findings: number;
  failedFindings: number;
}

/**
 * The incident-response demo account: an EKS audit log group with `Forbidden`
 * lines, CloudTrail history for a compromised user among ordinary activity, and
 * failed plus passed Security Hub findings. All timestamps are relative to now.
 * `options.findings` replaces the built-in findings (the demo account passes ones
 * that agree with the resources it seeded; see demoAccount.ts); `options.logGroup`
 * names the audit log group (default DEMO_LOG_GROUP).
 */
export async function seedIncidentDemo(
  backend: { endpoint: string; seedCloudTrailEvents(region: string, events: SeedEvent[]): void },
  region = 'us-east-1',
  options: { findings?: FindingSpec[]; logGroup?: string } = {},
): Promise<DemoSummary> {
  const now = Date.now();
  const lines = demoAuditLines(now);
  const logGroup = options.logGroup ?? DEMO_LOG_GROUP;
  await seedLogGroup(backend.endpoint, region, logGroup, lines, 'kube-apiserver-audit-2f1b9c0e8d7a6b5c4d3e2f1a0b9c8d7e');
  const events = demoCloudTrailEvents(now);
  backend.seedCloudTrailEvents(region, events);
  const findings = options.findings ?? demoFindings();
  await seedSecurityHubFindings(backend.endpoint, region, findings);
  return {
    region,
    logGroup,
    logLines: lines.length,
    forbiddenLines: lines.filter((l) => l.message.includes('Forbidden')).length,
    cloudTrailEvents: events.length,
    compromisedUserEvents: events.filter((e) => e.username === DEMO_COMPROMISED_USER).length,
    findings: findings.length,
    failedFindings: findings.filter((f) => f.complianceStatus === 'FAILED').length,
  };
}
