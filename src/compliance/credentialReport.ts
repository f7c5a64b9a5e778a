/**
 * The IAM credential report: requested once per scan, polled with backoff until
 * AWS says it is ready (AWS reuses a report under four hours old, so its age is
 * part of the evidence), then parsed from CSV.
 */
import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import type { ScanContext } from './scanContext';

export interface CredentialReport {
  generatedAt?: Date;
  rows: Array<Record<string, string>>;
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF) into records keyed by the header row. */
export function parseCsv(text: string): Array<Record<string, string>> {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      field = '';
      record = [];
    } else field += c;
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  const [header, ...rows] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  if (!header) return [];
  return rows.map((row) => Object.fromEntries(header.map((name, i) => [name, row[i] ?? ''])));
}

export interface ReportPolling {
  /** Delays between GenerateCredentialReport calls (ms); the last repeats until the deadline. */
  delaysMs?: number[];
  deadlineMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_DELAYS = [250, 500, 1000, 2000];

export function credentialReport(context: ScanContext, polling: ReportPolling = {}): Promise<CredentialReport> {
  return context.shared('iam:credential-report', async () => {
    const delays = polling.delaysMs ?? DEFAULT_DELAYS;
    const sleep = polling.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const deadline = Date.now() + (polling.deadlineMs ?? 60_000);
    for (let attempt = 0; ; attempt++) {
      const answer = await context.call('iam', context.homeRegion, 'iam:GenerateCredentialReport', (client, options) =>
        client.send(new GenerateCredentialReportCommand({}), options),
      );
      if (answer.State === 'COMPLETE') break;
      if (Date.now() >= deadline) throw new Error(`the IAM credential report was still ${answer.State ?? 'not ready'} after ${Math.round((polling.deadlineMs ?? 60_000) / 1000)} s`);
      await sleep(delays[Math.min(attempt, delays.length - 1)]!);
    }
    const report = await context.call('iam', context.homeRegion, 'iam:GetCredentialReport', (client, options) => client.send(new GetCredentialReportCommand({}), options));
    const text = report.Content ? Buffer.from(report.Content).toString('utf8') : '';
    return { ...(report.GeneratedTime ? { generatedAt: report.GeneratedTime } : {}), rows: parseCsv(text) };
  });
}
