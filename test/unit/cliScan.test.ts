/**
 * `security-runbooks scan`: the built CLI run as a pipeline runs it (a child
 * process, no terminal) against the AWS test backend, through profile files whose
 * endpoint_url points at it. Then the text rendering and the progress reporter in
 * process.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CliIo } from '../../src/cli/cliIo';
import { unlessAborted } from '../../src/cli/cliSession';
import { createScanProgress } from '../../src/cli/scanProgress';
import { closingLine, scanText } from '../../src/cli/scanText';
import { createStyle } from '../../src/cli/style';
import { ITEM_IDS } from '../../src/compliance/catalog';
import type { ScanResult } from '../../src/compliance/model';
import { COMPLIANCE_REPORT_SCHEMA, COMPLIANCE_REPORT_SCHEMA_VERSION, complianceReportJson, type ComplianceReportJson } from '../../src/compliance/report';
import { seedCompliantAccount, seedNonCompliantAccount } from '../aws-backend/complianceSeed';
import { useAwsBackend } from './support/awsBackendHooks';
import { cliPath, runCli, type CliRun } from './support/runCli';
import { demoScan, itemResult } from './support/scanBuilder';

const REGIONS = ['us-east-1', 'eu-west-1', 'us-west-2'];
const ACCESS_KEY = 'AKIASCANCLITEST00001';
const SECRET_KEY = 'scan-cli/secret-access-key/never-printed-0001';
const PLAIN = createStyle(false);

/** A port nothing listens on (listened on, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Accepts connections and never answers: a network that swallows requests. */
async function silentServer(): Promise<{ server: Server; sockets: Set<Socket>; port: number }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, sockets, port: (server.address() as { port: number }).port };
}

describe('security-runbooks scan (the built CLI against the AWS test backend)', function () {
  this.timeout(120_000);
  const backend = useAwsBackend((aws) => aws.setEnabledRegions(REGIONS));
  let dir: string;
  let env: Record<string, string>;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  const runs: CliRun[] = [];

  before(async () => {
    const endpoint = backend().endpoint;
    silent = await silentServer();
    const unreachable = `http://127.0.0.1:${await closedPort()}`;
    dir = mkdtempSync(path.join(tmpdir(), 'sr-cli-scan-'));
    const config = [
      '[profile audit]', 'region = us-east-1', `endpoint_url = ${endpoint}`,
      '[profile regionless]', `endpoint_url = ${endpoint}`,
      '[profile nokeys]', 'region = us-east-1', `endpoint_url = ${endpoint}`,
      '[profile failing-process]', 'region = us-east-1', 'credential_process = /bin/false', `endpoint_url = ${endpoint}`,
      '[profile unreachable]', 'region = us-east-1', `endpoint_url = ${unreachable}`,
      '[profile silent]', 'region = us-east-1', `endpoint_url = http://127.0.0.1:${silent.port}`,
      '[profile break-glass]', 'region = us-east-1', 'role_arn = arn:aws:iam::444444444444:role/break-glass', 'source_profile = audit', 'mfa_serial = arn:aws:iam::123456789012:mfa/oncall', `endpoint_url = ${endpoint}`,
      '',
    ].join('\n');
    const keys = `aws_access_key_id = ${ACCESS_KEY}\naws_secret_access_key = ${SECRET_KEY}\n`;
    writeFileSync(path.join(dir, 'config'), config);
    writeFileSync(path.join(dir, 'credentials'), ['audit', 'regionless', 'unreachable', 'silent'].map((name) => `[${name}]\n${keys}`).join(''));
    env = {
      AWS_CONFIG_FILE: path.join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
  });

  after(() => {
    for (const socket of silent?.sockets ?? []) socket.destroy();
    silent?.server.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  afterEach(function () {
    // Every run of every test: no credential value in anything the CLI printed.
    for (const run of runs.splice(0)) {
      for (const text of [run.stdout, run.stderr]) assert.ok(!text.includes(SECRET_KEY), `the secret key was printed in "${this.currentTest?.title}"`);
    }
  });

  async function scan(args: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
    const run = await runCli(['scan', ...args], { env: { ...env, ...options.env }, ...(options.cwd ? { cwd: options.cwd } : {}) });
    runs.push(run);
    return run;
  }

  /** The scan inside a JSON report: the report's fields are the scan's. */
  function scanOf(report: ComplianceReportJson): ScanResult {
    return {
      profile: report.profile,
      account: report.account,
      principalArn: report.principalArn,
      regions: report.regions,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      durationMs: report.durationMs,
      items: report.items.map((item) => ({
        id: item.id as ScanResult['items'][number]['id'],
        status: item.status,
        reason: item.reason,
        ...(item.regions ? { regions: item.regions } : {}),
        evidence: item.evidence,
        checkedAt: item.checkedAt,
        durationMs: item.durationMs,
      })),
      ...(report.findings ? { findings: report.findings } : {}),
      notes: report.notes,
    };
  }

  describe('results and exit codes', () => {
    it('a non-compliant account: exit 1, the failing items named in the text, progress on stderr only', async () => {
      await seedNonCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit']);
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /^Compliance scan of AWS account 123456789012\n/);
      assert.match(run.stdout, /Profile {4}audit/);
      assert.match(run.stdout, /Regions {4}eu-west-1, us-east-1, us-west-2 \(3\)/);
      for (const title of ['CloudTrail in all regions', 'GuardDuty enabled', 'Access keys rotated within 90 days', 'Password policy: length ≥ 14, reuse prevention 24']) {
        assert.match(run.stdout, new RegExp(`✗ ${title.replace(/[()]/g, '\\$&')}`), title);
      }
      assert.match(run.stdout, /GuardDuty enabled +fails in eu-west-1, us-west-2: no GuardDuty detector/);
      assert.match(run.stdout, /ci-deploy key 1 \(120 days\)/);
      assert.match(run.stdout, /\n10 of 10 items fail in 123456789012 \(3 regions, [^)]+\)\n$/);
      assert.doesNotMatch(run.stdout, /\x1b\[/, 'no colour in a pipe');
      assert.match(run.stderr, /Checking the credentials of profile audit \(us-east-1\)/);
      assert.match(run.stderr, /Scanning account 123456789012 as arn:aws:sts::123456789012:\S+: 10 items in every enabled region/);
      assert.doesNotMatch(run.stdout, /Checking the credentials|Scanning account|\r/);
    });

    it('a compliant account: exit 0, every item passes', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit']);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.equal((run.stdout.match(/^ {2}✓ /gm) ?? []).length, 10);
      assert.match(run.stdout, /Security Hub findings\n {2}no failed findings/);
      assert.match(run.stdout, /\nAll 10 items pass in 123456789012 \(3 regions, /);
    });

    it('no failing item but one unknown (access denied): exit 2, the account could not be fully assessed', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      backend().setFault('guardduty:ListDetectors', 'AccessDenied');
      const run = await scan(['--profile', 'audit']);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stdout, /\? GuardDuty enabled +unknown in all 3 regions: unknown — access denied \(guardduty:ListDetectors\)/);
      assert.match(run.stdout, /9 of 10 items pass, 1 unknown in 123456789012/);
      assert.match(run.stderr, /the account could not be fully assessed: guardduty \(unknown\)/);
    });

    it('AWS_PROFILE stands in for --profile', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const run = await scan(['--item', 'root-mfa'], { env: { AWS_PROFILE: 'audit' } });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Profile {4}audit/);
    });
  });

  describe('credentials from the environment (what pipelines give)', () => {
    const environment = () => ({
      AWS_CONFIG_FILE: path.join(dir, 'no-such-config'),
      AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'no-such-credentials'),
      AWS_ACCESS_KEY_ID: ACCESS_KEY,
      AWS_SECRET_ACCESS_KEY: SECRET_KEY,
      AWS_ENDPOINT_URL: backend().endpoint,
    });

    it('without a profile, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY and AWS_REGION are used (AWS_ENDPOINT_URL honoured)', async () => {
      await seedNonCompliantAccount(backend(), REGIONS);
      const run = await scan(['--item', 'password-policy'], { env: { ...environment(), AWS_REGION: 'us-east-1' } });
      assert.equal(run.code, 1, run.stderr);
      assert.match(run.stdout, /Profile {4}environment/);
      assert.match(run.stdout, /✗ Password policy/);
    });

    it('environment credentials need a region: AWS_REGION or --region', async () => {
      const run = await scan(['--item', 'password-policy'], { env: environment() });
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no region: credentials come from the environment; set AWS_REGION or pass --region/);
      const withRegion = await scan(['--item', 'password-policy', '--region', 'us-east-1'], { env: environment() });
      assert.notEqual(withRegion.code, 2, withRegion.stderr);
    });

    it('a named profile wins over environment credentials', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit', '--item', 'root-mfa'], { env: { ...environment(), AWS_CONFIG_FILE: env.AWS_CONFIG_FILE!, AWS_SHARED_CREDENTIALS_FILE: env.AWS_SHARED_CREDENTIALS_FILE!, AWS_ACCESS_KEY_ID: 'AKIAWRONGWRONGWRONG1' } });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /Profile {4}audit/);
    });
  });

  describe('formats and output', () => {
    it('--format json is the extension\'s compliance report, byte for byte, and nothing else is on stdout', async () => {
      await seedNonCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit', '--format', 'json']);
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout) as ComplianceReportJson;
      assert.equal(report.schema, COMPLIANCE_REPORT_SCHEMA);
      assert.equal(report.schemaVersion, COMPLIANCE_REPORT_SCHEMA_VERSION);
      assert.deepEqual(
        Object.keys(report),
        ['schema', 'schemaVersion', 'profile', 'account', 'principalArn', 'regions', 'startedAt', 'finishedAt', 'durationMs', 'summary', 'items', 'notes'],
      );
      assert.deepEqual(report.summary, { pass: 0, fail: 10, unknown: 0, error: 0, notChecked: [] });
      assert.deepEqual(report.items.map((item) => item.id), ITEM_IDS);
      assert.equal(complianceReportJson(scanOf(report)), run.stdout, 'the same export the extension writes');
      assert.match(run.stderr, /\n10 of 10 items fail in 123456789012 \(3 regions, [^)]+\); failing: cloudtrail, config, guardduty, /);
    });

    it('--format markdown is the extension\'s Markdown report', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit', '--format', 'markdown']);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^# AWS compliance report: account 123456789012\n/);
      assert.match(run.stdout, /\| Result \| 10 pass, 0 fail, 0 unknown, 0 error \|/);
      assert.match(run.stdout, /## Summary\n/);
      assert.match(run.stdout, /## What each item checks\n/);
    });

    it('--output writes the results to the file (relative to the working directory); stdout stays empty', async () => {
      await seedNonCompliantAccount(backend(), REGIONS);
      const cwd = mkdtempSync(path.join(tmpdir(), 'sr-cli-scan-out-'));
      try {
        const run = await scan(['--profile', 'audit', '--format', 'markdown', '--output', 'compliance.md'], { cwd });
        assert.equal(run.code, 1, run.stderr);
        assert.equal(run.stdout, '');
        const written = readFileSync(path.join(cwd, 'compliance.md'), 'utf8');
        assert.match(written, /^# AWS compliance report: account 123456789012\n/);
        assert.ok(!written.includes(SECRET_KEY));
        assert.match(run.stderr, /Wrote the markdown results to compliance\.md/);
        assert.match(run.stderr, /10 of 10 items fail in 123456789012/);

        const text = await scan(['--profile', 'audit', '-o', 'scan.txt', '--quiet'], { cwd });
        assert.equal(text.code, 1);
        assert.equal(text.stdout, '');
        assert.match(readFileSync(path.join(cwd, 'scan.txt'), 'utf8'), /\n10 of 10 items fail in 123456789012 /);
        assert.doesNotMatch(text.stderr, /Checking the credentials|Scanning account|Wrote/, '--quiet: no progress, no chatter');
        assert.match(text.stderr, /10 of 10 items fail/, 'the outcome still shows when the text went to a file');
      } finally {
        rmSync(cwd, { recursive: true, force: true });
      }
    });

    it('an --output file that cannot be written: exit 2 with the reason', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit', '--item', 'root-mfa', '--output', path.join(dir, 'no-such-dir', 'out.json')]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /could not write .*out\.json: ENOENT/);
    });
  });

  describe('regions and items', () => {
    it('--region limits the regional checks to the regions given (repeatable and comma lists)', async () => {
      await seedNonCompliantAccount(backend(), REGIONS);
      for (const args of [['--region', 'eu-west-1', '--region', 'us-west-2'], ['--region', 'eu-west-1,us-west-2']]) {
        backend().clearRequests();
        const run = await scan(['--profile', 'audit', '--format', 'json', ...args]);
        assert.equal(run.code, 1, run.stderr);
        const report = JSON.parse(run.stdout) as ComplianceReportJson;
        assert.deepEqual(report.regions, ['eu-west-1', 'us-west-2']);
        assert.deepEqual(report.items.find((item) => item.id === 'guardduty')!.regions!.map((r) => r.region), ['eu-west-1', 'us-west-2']);
        const guardDutyRegions = new Set(backend().requests().filter((r) => r.service === 'guardduty').map((r) => r.region));
        assert.deepEqual([...guardDutyRegions].sort(), ['eu-west-1', 'us-west-2'], 'no regional call outside --region');
      }
    });

    it('--item checks only the items named', async () => {
      await seedNonCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit', '--format', 'json', '--item', 'root-mfa', '--item', 'guardduty']);
      const report = JSON.parse(run.stdout) as ComplianceReportJson;
      assert.deepEqual(report.items.map((item) => item.id), ['guardduty', 'root-mfa']);
      assert.equal(report.summary.notChecked.length, 8);
      assert.equal(run.code, 1);
    });

    it('a regionless profile needs --region (exit 2), and scans from the first one given', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const missing = await scan(['--profile', 'regionless']);
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no region: the profile "regionless" has none; pass --region/);
      const given = await scan(['--profile', 'regionless', '--region', 'eu-west-1', '--format', 'json']);
      assert.equal(given.code, 0, given.stderr);
      assert.deepEqual((JSON.parse(given.stdout) as ComplianceReportJson).regions, ['eu-west-1']);
      assert.match(given.stderr, /profile regionless \(eu-west-1\)/);
      const fromEnvironment = await scan(['--profile', 'regionless', '--item', 'root-mfa'], { env: { AWS_REGION: 'us-west-2' } });
      assert.equal(fromEnvironment.code, 0, fromEnvironment.stderr);
      assert.match(fromEnvironment.stderr, /profile regionless \(us-west-2\)/);
    });

    it('regions that are not enabled for the account: exit 2, never a pass for want of regions', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      const run = await scan(['--profile', 'audit', '--region', 'ap-south-1']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /none of the regions asked for \(ap-south-1\) is enabled for account 123456789012/);
      assert.equal(run.stdout, '');
    });
  });

  describe('when the scan cannot run (exit 2)', () => {
    it('an unknown profile: the profiles there are listed', async () => {
      const run = await scan(['--profile', 'prod']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no AWS profile "prod" in .*config and .*credentials\. Profiles there: audit, break-glass, failing-process, nokeys, regionless, silent, unreachable\./);
      assert.equal(run.stdout, '');
    });

    it('no profile at all: says how to name one', async () => {
      const run = await scan([]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no AWS credentials: pass --profile or set AWS_PROFILE .*or provide credentials in the environment \(AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    });

    it('expired credentials (STS answers ExpiredToken)', async () => {
      backend().setFault('sts:GetCallerIdentity', 'ExpiredToken');
      const run = await scan(['--profile', 'audit']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /the credentials \(profile "audit"\) have expired\. Refresh them/);
      assert.equal(run.stdout, '');
    });

    it('access denied by STS', async () => {
      backend().setFault('sts:GetCallerIdentity', 'AccessDenied');
      const run = await scan(['--profile', 'audit']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /checking the credentials \(STS GetCallerIdentity\): access denied \(profile "audit"\)/);
    });

    it('a profile without credentials, and a credential_process that fails', async () => {
      for (const profile of ['nokeys', 'failing-process']) {
        const run = await scan(['--profile', profile]);
        assert.equal(run.code, 2, profile);
        assert.match(run.stderr, new RegExp(`could not load credentials \\(profile "${profile}"\\)`), run.stderr);
      }
    });

    it('an endpoint nothing listens on', async () => {
      const run = await scan(['--profile', 'unreachable']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /could not reach http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)\. Check the network/);
    });

    it('an endpoint that never answers: --timeout ends the wait', async () => {
      const run = await scan(['--profile', 'silent', '--timeout', '300']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no answer from http:\/\/127\.0\.0\.1:\d+ within 300 ms \(STS GetCallerIdentity, profile "silent"\)/);
    });

    it('an MFA profile without a terminal to type the code', async () => {
      const run = await scan(['--profile', 'break-glass']);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /needs an MFA code \(mfa_serial arn:aws:iam::123456789012:mfa\/oncall\), and MFA needs a terminal/);
    });

    it('bad arguments point to --help', async () => {
      const cases: [string[], RegExp][] = [
        [['--format', 'xml'], /--format must be one of text, json, markdown \(got "xml"\)/],
        [['--item', 'root-mfa,nope'], /unknown --item "nope"; items: cloudtrail, config, /],
        [['--region', 'Europe'], /--region "Europe" is not a region id/],
        [['--timeout', 'soon'], /--timeout must be a positive number of milliseconds/],
        [['extra'], /extra/],
      ];
      for (const [args, message] of cases) {
        const run = await scan(['--profile', 'audit', ...args]);
        assert.equal(run.code, 2, args.join(' '));
        assert.match(run.stderr, message);
        assert.match(run.stderr, /See security-runbooks scan --help\./);
      }
    });
  });

  describe('Ctrl+C', () => {
    /** Starts a scan, sends SIGINT once stderr shows `waitFor`, and collects what the process wrote. */
    function interrupt(args: string[], waitFor: RegExp): Promise<CliRun> {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [cliPath, 'scan', ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let sent = false;
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (!sent && waitFor.test(stderr)) {
            sent = true;
            child.kill('SIGINT');
          }
        });
        child.on('error', reject);
        child.on('close', (code) => {
          const run = { code, stdout, stderr };
          runs.push(run);
          resolve(run);
        });
      });
    }

    it('while waiting for STS: exit 2, cancelled', async () => {
      const run = await interrupt(['--profile', 'silent'], /Checking the credentials/);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /security-runbooks scan: cancelled/);
      assert.equal(run.stdout, '');
    });

    it('during the scan: the engine stops, exit 2, cancelled, no results', async () => {
      await seedCompliantAccount(backend(), REGIONS);
      backend().setLatency(200); // keeps the scan running until the signal arrives
      const run = await interrupt(['--profile', 'audit'], /Scanning account/);
      // Calls the proxy was still delaying finish before the backend is reset or stopped.
      backend().setLatency(0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(run.code, 2);
      assert.match(run.stderr, /security-runbooks scan: cancelled/);
      assert.equal(run.stdout, '');
    });
  });

  it('--help: usage, options, a nightly pipeline example, exit codes', async () => {
    const run = await runCli(['scan', '--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: security-runbooks scan \[--profile P\] \[--region R \.\.\.\] \[--item ID \.\.\.\] \[--format text\|json\|markdown\] \[--output FILE\] \[--timeout MS\] \[--quiet\]/);
    for (const option of ['--profile', '--region', '--item', '--format', '--output', '--timeout', '--quiet']) assert.match(run.stdout, new RegExp(`\\n  (-\\w, )?${option}`), option);
    assert.match(run.stdout, /security-runbooks scan --profile audit --format markdown --output compliance\.md/);
    assert.match(run.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n {2}2 /);
    assert.equal(run.stderr, '');
  });
});

describe('scan text rendering', () => {
  it('marks, reasons, regions with several reasons, findings by control, notes and the tally', () => {
    const text = scanText(demoScan(), PLAIN);
    assert.match(text, /^Compliance scan of AWS account 123456789012\n {2}Profile {4}prod-audit\n {2}Principal {2}arn:aws:sts::123456789012:assumed-role\/SecurityAudit\/alice\n {2}Regions {4}eu-west-1, us-east-1, us-west-2 \(3\)\n/);
    assert.match(text, /\n {2}✗ CloudTrail in all regions {2,}no multi-region trail is logging\n {6}✗ us-east-1, us-west-2: no trail\n {6}✗ eu-west-1: trail titanic-api-trail is single-region\n/);
    assert.match(text, /\n {2}✓ AWS Config recording in every region {2,}recording in 3 of 3 regions\n/);
    assert.match(text, /\n {2}\? No root access keys {2,}access denied \(iam:GetAccountSummary\)\n/);
    assert.match(text, /\n {2}! VPC flow logs on every VPC {2,}ec2:DescribeFlowLogs timed out in us-west-2\n\n/, 'one non-passing region: the reason says it all');
    assert.match(text, /\nSecurity Hub: 3 failed findings in 2 controls\n {2}S3\.8 {3}2 findings, highest HIGH\n {6}HIGH {5}S3 general purpose buckets should block public access · arn:aws:s3:::titanic-logs · eu-west-1\n/);
    assert.match(text, /\nNotes\n {2}- Region ap-east-1 is not enabled for the account: skipped\.\n/);
    assert.match(text, /\n4 of 10 items fail, 1 unknown, 1 error in 123456789012 \(3 regions, 4\.25 s\)\n$/);
  });

  it('colours the marks and the tally only when the style has colour', () => {
    const coloured = scanText(demoScan(), createStyle(true));
    assert.ok(coloured.includes('\x1b[31m✗\x1b[39m'));
    assert.ok(coloured.includes('\x1b[32m✓\x1b[39m'));
    assert.ok(coloured.includes('\x1b[33m?\x1b[39m'));
    assert.doesNotMatch(scanText(demoScan(), PLAIN), /\x1b/);
  });

  it('shows control characters from AWS literally: a finding cannot drive the terminal', () => {
    const scan = demoScan({ findings: [{ control: 'S3.8', severity: 'HIGH', findings: [{ region: 'eu-west-1', title: 'evil\x1b[2J\rtitle', severity: 'HIGH', resource: 'arn:aws:s3:::x\n' }] }] });
    const text = scanText(scan, PLAIN);
    assert.match(text, /evil\\x1b\[2J\\x0dtitle · arn:aws:s3:::x\\x0a · eu-west-1/);
    assert.doesNotMatch(text, /\x1b|\r/);
  });

  it('the closing line: all pass, some open, one failing of a re-check', () => {
    const pass = demoScan({ items: ITEM_IDS.map((id) => itemResult(id, 'pass', 'ok')), regions: ['eu-west-1'], durationMs: 1200 });
    assert.equal(closingLine(pass, PLAIN), 'All 10 items pass in 123456789012 (1 region, 1.20 s)');
    const open = demoScan({ items: [itemResult('root-mfa', 'pass', 'ok'), itemResult('guardduty', 'error', 'timed out')], durationMs: 800 });
    assert.equal(closingLine(open, PLAIN), '1 of 2 items passes, 1 error in 123456789012 (3 regions, 800 ms)');
    const one = demoScan({ items: [itemResult('root-mfa', 'fail', 'no MFA')] });
    assert.equal(closingLine(one, PLAIN), '1 of 1 item fails in 123456789012 (3 regions, 4.25 s)');
    const accountWide = demoScan({ items: [itemResult('root-mfa', 'pass', 'ok')], regions: [], durationMs: 30 });
    assert.equal(closingLine(accountWide, PLAIN), 'The item passes in 123456789012 (30 ms)');
    assert.match(scanText(accountWide, PLAIN), /\n {2}Regions {4}none \(account-wide items only\)\n/);
  });
});

describe('unlessAborted', () => {
  it('rejects when the signal aborts, though the work never settles', async () => {
    const controller = new AbortController();
    const waiting = unlessAborted(new Promise(() => undefined), controller.signal);
    controller.abort();
    await assert.rejects(waiting, { name: 'AbortError' });
    await assert.rejects(unlessAborted(Promise.resolve(1), AbortSignal.abort()), { name: 'AbortError' });
    assert.equal(await unlessAborted(Promise.resolve(2), new AbortController().signal), 2);
  });
});

describe('scan progress on stderr', () => {
  function fakeIo(stderrIsTTY: boolean): CliIo & { outText: string[]; errText: string[] } {
    const outText: string[] = [];
    const errText: string[] = [];
    return {
      outText,
      errText,
      out: (text) => void outText.push(text),
      err: (text) => void errText.push(text),
      stdoutIsTTY: false,
      stderrIsTTY,
      outStyle: PLAIN,
      errStyle: PLAIN,
      env: {},
      cwd: '.',
      signal: new AbortController().signal,
    };
  }

  it('on a terminal: one line rewritten with \\r, cleared on stop, nothing after', () => {
    const io = fakeIo(true);
    const progress = createScanProgress(io, { quiet: false, spinIntervalMs: 60_000 });
    progress.status('Checking the credentials of profile audit (us-east-1)…');
    progress.update({ done: 4, total: 11, message: 'GuardDuty enabled' });
    progress.stop();
    progress.update({ done: 5, total: 11, message: 'late' });
    assert.deepEqual(io.outText, []);
    assert.ok(io.errText.every((text) => text.startsWith('\r') && !text.includes('\n')), JSON.stringify(io.errText));
    assert.match(io.errText[1]!, /^\r. 4\/11 GuardDuty enabled · 0 s {10,}$/, 'spaces cover the longer previous line');
    assert.match(io.errText.at(-1)!, /^\r +\r$/);
    assert.equal(io.errText.length, 3);
  });

  it('on a terminal: an MFA prompt gets a clear line, undrawn over until answered', async () => {
    const io = fakeIo(true);
    const progress = createScanProgress(io, { quiet: false, spinIntervalMs: 60_000 });
    progress.status('Checking the credentials of profile break-glass (us-east-1)…');
    const answer = await progress.pauseFor(async () => {
      const before = io.errText.length;
      progress.status('drawn while asking?');
      assert.equal(io.errText.length, before, 'nothing drawn during the prompt');
      return '123456';
    });
    assert.equal(answer, '123456');
    assert.match(io.errText[1]!, /^\r +\r$/, 'the line was cleared before the prompt');
    progress.status('Scanning account 123456789012');
    assert.match(io.errText.at(-1)!, /Scanning account 123456789012/, 'drawing resumes');
    progress.stop();
  });

  it('on a terminal: a long line is cut to fit, so \\r can rewrite it', () => {
    const io = fakeIo(true);
    const progress = createScanProgress(io, { quiet: false, spinIntervalMs: 60_000 });
    progress.status('x'.repeat(200));
    progress.stop();
    assert.ok(io.errText[0]!.length <= 80);
  });

  it('in a log: a line per phase, then heartbeats; nothing once stopped', async () => {
    const io = fakeIo(false);
    const progress = createScanProgress(io, { quiet: false, logIntervalMs: 5 });
    progress.status('Scanning account 123456789012');
    progress.update({ done: 4, total: 11, message: 'GuardDuty enabled' });
    assert.deepEqual(io.errText, ['Scanning account 123456789012\n'], 'events alone print nothing');
    while (io.errText.length < 2) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.match(io.errText[1]!, /^ {2}… 4\/11 done, last: GuardDuty enabled \(\d+ s\)\n$/);
    progress.stop();
    const count = io.errText.length;
    await new Promise((resolve) => setTimeout(resolve, 30));
    assert.equal(io.errText.length, count);
    assert.deepEqual(io.outText, []);
  });

  it('--quiet: nothing at all', () => {
    for (const tty of [true, false]) {
      const io = fakeIo(tty);
      const progress = createScanProgress(io, { quiet: true, logIntervalMs: 1, spinIntervalMs: 1 });
      progress.status('Scanning');
      progress.update({ done: 1, total: 2, message: 'x' });
      progress.stop();
      assert.deepEqual([...io.errText, ...io.outText], []);
    }
  });
});
