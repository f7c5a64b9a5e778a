import * as assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { COMPLIANCE_ITEMS } from '../../src/compliance/catalog';
import type { ScanResult } from '../../src/compliance/model';
import {
  COMPLIANCE_REPORT_SCHEMA,
  COMPLIANCE_REPORT_SCHEMA_VERSION,
  complianceReportBaseName,
  complianceReportJson,
  complianceReportMarkdown,
  type ComplianceReportJson,
} from '../../src/compliance/report';
import { ACCOUNT, demoScan, itemResult } from './support/scanBuilder';

const markdownIt = new MarkdownIt({ html: true });

/** The tables of a Markdown document: rows of cell texts (header row first). */
function tables(markdown: string): string[][][] {
  const tokens = markdownIt.parse(markdown, {});
  const found: string[][][] = [];
  let table: string[][] | undefined;
  let row: string[] | undefined;
  for (const token of tokens) {
    if (token.type === 'table_open') table = [];
    else if (token.type === 'table_close') {
      found.push(table!);
      table = undefined;
    } else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close') {
      table!.push(row!);
      row = undefined;
    }
    else if (token.type === 'inline' && row) row.push(inlineText(token));
  }
  return found;
}

function inlineText(token: MarkdownIt.Token): string {
  return (token.children ?? []).map((child) => (child.type === 'code_inline' || child.type === 'text' ? child.content : child.type === 'softbreak' ? ' ' : '')).join('');
}

/** Every piece of raw HTML markdown-it would pass through. */
function htmlTokens(markdown: string): string[] {
  const html: string[] = [];
  const walk = (tokens: MarkdownIt.Token[]) => {
    for (const token of tokens) {
      if (token.type === 'html_block' || token.type === 'html_inline') html.push(token.content);
      if (token.children) walk(token.children);
    }
  };
  walk(markdownIt.parse(markdown, {}));
  return html;
}

function headings(markdown: string): string[] {
  const tokens = markdownIt.parse(markdown, {});
  return tokens.flatMap((token, index) => (token.type === 'heading_open' ? [`${token.tag} ${inlineText(tokens[index + 1]!)}`] : []));
}

describe('compliance report (Markdown)', () => {
  const scan = demoScan();
  const report = complianceReportMarkdown(scan);

  it('names the account, profile, principal, regions and scan time', () => {
    const [facts] = tables(report);
    const byField = Object.fromEntries(facts!.slice(1).map(([field, value]) => [field, value]));
    assert.equal(byField['Account'], ACCOUNT);
    assert.equal(byField['Profile'], 'prod-audit');
    assert.equal(byField['Principal'], `arn:aws:sts::${ACCOUNT}:assumed-role/SecurityAudit/alice`);
    assert.equal(byField['Regions'], 'eu-west-1, us-east-1, us-west-2 (3)');
    assert.equal(byField['Scan started'], '2026-11-29 15:30:00 UTC');
    assert.equal(byField['Scan finished'], '2026-11-29 15:30:04 UTC (took 4.25 s)');
    assert.equal(byField['Result'], '4 pass, 4 fail, 1 unknown, 1 error');
    assert.equal(headings(report)[0], `h1 AWS compliance report: account ${ACCOUNT}`);
  });

  it('summarises the ten items in catalog order with status, controls and reason', () => {
    const summary = tables(report)[1]!;
    assert.deepEqual(summary[0], ['#', 'Item', 'Status', 'Controls', 'Reason']);
    assert.equal(summary.length, 11);
    assert.deepEqual(
      summary.slice(1).map((row) => row[1]),
      COMPLIANCE_ITEMS.map((item) => item.title),
    );
    assert.deepEqual(summary[1], ['1', 'CloudTrail in all regions', 'FAIL', 'CIS 3.1, CloudTrail.1', 'no multi-region trail is logging']);
    assert.deepEqual(summary[8], ['8', 'Password policy: length ≥ 14, reuse prevention 24', 'FAIL', 'CIS 1.8, CIS 1.9, IAM.15, IAM.16', 'no password policy']);
    // A `|` inside a value stays in its cell.
    assert.deepEqual(summary[9], ['9', 'S3 Block Public Access', 'FAIL', 'CIS 2.1.4, S3.1, S3.8', 'account: 3 of 4 flags; bucket | logs: 2 of 4']);
  });

  it('details every failing, unknown and errored item with regions and evidence, and nothing for passing ones', () => {
    const details = headings(report).filter((heading) => heading.startsWith('h3 ') && /: (FAIL|UNKNOWN|ERROR|PASS)$/.test(heading));
    assert.deepEqual(details, [
      'h3 1. CloudTrail in all regions: FAIL',
      'h3 5. Access keys rotated within 90 days: FAIL',
      'h3 7. No root access keys: UNKNOWN',
      'h3 8. Password policy: length ≥ 14, reuse prevention 24: FAIL',
      'h3 9. S3 Block Public Access: FAIL',
      'h3 10. VPC flow logs on every VPC: ERROR',
    ]);
    const regionTables = tables(report).filter((table) => table[0]![0] === 'Region');
    assert.deepEqual(regionTables[0], [
      ['Region', 'Status', 'Reason', 'Evidence'],
      ['eu-west-1', 'FAIL', 'trail titanic-api-trail is single-region', 'Trail: titanic-api-trail (single-region) (FAIL)'],
      ['us-east-1', 'FAIL', 'no trail', '—'],
      ['us-west-2', 'FAIL', 'no trail', '—'],
    ]);
    assert.match(report, /- ci-deployer AKIA…MPLE: active, rotated 91 days ago \(FAIL\)\n/);
    assert.match(report, /- Account RestrictPublicBuckets: false \\\| not set \(FAIL\)\n/);
    assert.match(report, /Remediation: runbook cell set-password-policy\./);
  });

  it('groups Security Hub failed findings by control', () => {
    const hs = headings(report);
    assert.ok(hs.includes('h2 Security Hub failed findings'));
    assert.ok(hs.includes('h3 S3.8: 2 findings, highest severity HIGH'));
    assert.ok(hs.includes('h3 IAM.3: 1 finding, highest severity MEDIUM'));
    const overview = tables(report).find((table) => table[0]![0] === 'Control')!;
    assert.deepEqual(overview.slice(1), [
      ['S3.8', '2', 'HIGH'],
      ['IAM.3', '1', 'MEDIUM'],
    ]);
    const s3 = tables(report).filter((table) => table[0]![0] === 'Severity')[0]!;
    assert.deepEqual(s3[1], ['HIGH', 'S3 general purpose buckets should block public access', 'arn:aws:s3:::titanic-logs', 'eu-west-1', 'NEW']);
    assert.deepEqual(s3[2]![4], '—');
  });

  it('says what each item checks, labelling GuardDuty AWS Foundational Security Best Practices, not CIS', () => {
    const section = report.slice(report.indexOf('## What each item checks'));
    for (const item of COMPLIANCE_ITEMS) assert.ok(section.includes(`${item.title.replace(/[|]/g, '\\|')}\n`), item.id);
    const guardDuty = section.slice(section.indexOf('GuardDuty enabled'), section.indexOf('Security Hub enabled'));
    assert.match(guardDuty, /\*\*Framework:\*\* AWS Foundational Security Best Practices/);
    assert.doesNotMatch(guardDuty, /Framework:\*\* CIS/);
    assert.match(section, /\*\*API calls:\*\* iam:GetAccountSummary\n/);
  });

  it('lists the notes', () => {
    assert.match(report, /## Notes\n\n- Region ap-east-1 is not enabled for the account: skipped\.\n/);
  });

  it('escapes values: no raw HTML, no broken tables, no injected headings or links', () => {
    const hostile = demoScan({
      account: '<img src=x onerror=alert(1)>',
      profile: 'evil|profile `x`',
      principalArn: '[click](javascript:alert(1))',
      notes: ['# not a heading\n| a | b |'],
      items: [itemResult('cloudtrail', 'fail', 'reason with | pipe and <b>bold</b> and *stars*\nand a second line', { regions: [{ region: 'eu|west', status: 'fail', reason: '`tick`', evidence: [{ label: 'a|b', value: '<script>x</script>' }] }] })],
      findings: [{ control: 'S3.8 | injected', severity: 'HIGH', findings: [{ region: 'eu-west-1', title: 'Title | with pipe\n# heading', severity: 'HIGH', resource: 'arn:aws:s3:::b|c' }] }],
    });
    const text = complianceReportMarkdown(hostile);
    assert.deepEqual(htmlTokens(text), []);
    const links = (tokens: MarkdownIt.Token[]): string[] => tokens.flatMap((t) => [...(t.type === 'link_open' ? [String(t.attrGet('href'))] : []), ...links(t.children ?? [])]);
    assert.deepEqual(links(markdownIt.parse(text, {})), []);
    for (const table of tables(text)) {
      const width = table[0]!.length;
      for (const row of table) assert.equal(row.length, width, JSON.stringify(row));
    }
    const summary = tables(text)[1]!;
    assert.equal(summary[1]![4], 'reason with | pipe and <b>bold</b> and *stars* and a second line');
    assert.equal(summary[2]![2], 'not checked');
    const facts = Object.fromEntries(tables(text)[0]!.map(([k, v]) => [k, v]));
    assert.equal(facts['Profile'], 'evil|profile `x`');
    assert.equal(facts['Result'], '0 pass, 1 fail, 0 unknown, 0 error, 9 not checked');
    const findings = tables(text).filter((table) => table[0]![0] === 'Severity')[0]!;
    assert.deepEqual(findings[1], ['HIGH', 'Title | with pipe # heading', 'arn:aws:s3:::b|c', 'eu-west-1', '—']);
    assert.ok(!headings(text).some((h) => h === 'h1 not a heading' || h === 'h1 heading'));
  });

  it('says so when the hub is on and nothing failed, and leaves the section out when the hub is off', () => {
    assert.match(complianceReportMarkdown(demoScan({ findings: [] })), /No failed findings in the regions where Security Hub is enabled/);
    const withoutHub = demoScan();
    delete withoutHub.findings;
    assert.doesNotMatch(complianceReportMarkdown(withoutHub), /Security Hub failed findings/);
  });
});

describe('compliance report (JSON)', () => {
  it('is pretty, versioned JSON with the scan and each item described by the catalog', () => {
    const text = complianceReportJson(demoScan());
    assert.ok(text.startsWith('{\n  "schema": '));
    assert.ok(text.endsWith('}\n'));
    const report = JSON.parse(text) as ComplianceReportJson;
    assert.equal(report.schema, COMPLIANCE_REPORT_SCHEMA);
    assert.equal(report.schemaVersion, COMPLIANCE_REPORT_SCHEMA_VERSION);
    assert.deepEqual(Object.keys(report), ['schema', 'schemaVersion', 'profile', 'account', 'principalArn', 'regions', 'startedAt', 'finishedAt', 'durationMs', 'summary', 'items', 'findings', 'notes']);
    assert.deepEqual(report.summary, { pass: 4, fail: 4, unknown: 1, error: 1, notChecked: [] });
    assert.deepEqual(
      report.items.map((item) => [item.id, item.status]),
      demoScan().items.map((item) => [item.id, item.status]),
    );
    const guardDuty = report.items.find((item) => item.id === 'guardduty')!;
    assert.match(guardDuty.framework, /^AWS Foundational Security Best Practices/);
    assert.deepEqual(guardDuty.controls, ['GuardDuty.1']);
    assert.equal(guardDuty.remediationCell, 'enable-guardduty');
    assert.deepEqual(Object.keys(report.items[0]!), ['id', 'title', 'framework', 'controls', 'regional', 'rule', 'calls', 'remediationCell', 'status', 'reason', 'regions', 'evidence', 'checkedAt', 'durationMs']);
    assert.equal(report.items[0]!.regions![0]!.evidence[0]!.value, 'titanic-api-trail (single-region)');
    assert.equal(report.findings![0]!.findings.length, 2);
  });

  it('is stable: the same scan gives the same bytes, whatever the key order of its input', () => {
    const scan = demoScan();
    const reversed = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(reversed)
        : value !== null && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).reverse().map(([key, inner]) => [key, reversed(inner)]))
          : value;
    const reordered = reversed(scan) as ScanResult;
    assert.notEqual(JSON.stringify(reordered), JSON.stringify(scan));
    assert.equal(complianceReportJson(reordered), complianceReportJson(scan));
  });

  it('reads back as the scan it came from (a report is a ScanResult plus metadata)', () => {
    const scan = demoScan();
    const report = JSON.parse(complianceReportJson(scan)) as ScanResult;
    assert.equal(report.account, scan.account);
    assert.deepEqual(report.regions, scan.regions);
    assert.deepEqual(report.notes, scan.notes);
    assert.deepEqual(
      report.items.map(({ id, status, reason, evidence }) => ({ id, status, reason, evidence })),
      scan.items.map(({ id, status, reason, evidence }) => ({ id, status, reason, evidence })),
    );
  });

  it('leaves findings out when the hub is off and lists the items not checked', () => {
    const scan = demoScan({ items: [itemResult('root-mfa', 'pass', 'AccountMFAEnabled = 1')] });
    delete scan.findings;
    const report = JSON.parse(complianceReportJson(scan)) as ComplianceReportJson;
    assert.equal('findings' in report, false);
    assert.equal(report.items.length, 1);
    assert.deepEqual(report.summary.notChecked, COMPLIANCE_ITEMS.filter((item) => item.id !== 'root-mfa').map((item) => item.id));
  });
});

describe('compliance report file name', () => {
  it('is compliance-<account>-<scan end, UTC, compact>', () => {
    assert.equal(complianceReportBaseName(demoScan()), `compliance-${ACCOUNT}-20261129T153004Z`);
    assert.equal(complianceReportBaseName(demoScan({ account: '../../etc', finishedAt: 'nonsense' })), 'compliance-______etc-unknown-time');
  });
});
