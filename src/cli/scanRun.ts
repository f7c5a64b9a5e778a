/**
 * `security-runbooks scan` (loaded when the command runs: it brings the AWS SDK): the compliance scan of the extension's Compliance view
 * (the same engine, src/compliance/scan.ts) for scheduled pipeline runs. Results go
 * to stdout or --output as text, JSON or Markdown (the JSON and Markdown are the
 * extension's report exports); progress and messages go to stderr.
 */
import { writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { isRegionId } from '../aws/regions';
import { parseDuration } from '../cells/duration';
import { ITEM_IDS, complianceItem } from '../compliance/catalog';
import type { ItemId, ScanResult } from '../compliance/model';
import { complianceReportJson, complianceReportMarkdown } from '../compliance/report';
import { runComplianceScan } from '../compliance/sessionScan';
import { DEFAULT_CALL_TIMEOUT_MS } from '../compliance/scanContext';
import { redactKnownSecrets } from '../records/knownSecrets';
import { EXIT, type CliIo } from './cliIo';
import { callerIdentity, openCliSession, unlessAborted, type CliSession } from './cliSession';
import { choiceOption, CliError, listOption, stringOption, UsageError, type ParsedArgs } from './command';
import { createScanProgress } from './scanProgress';
import { closingLine, scanText, statusCounts } from './scanText';
import { createStyle, type Style } from './style';
import { CLI_NAME } from './version';

const FORMATS = ['text', 'json', 'markdown'] as const;
type Format = (typeof FORMATS)[number];



interface ScanRequest {
  profile?: string;
  regions: string[];
  items?: ItemId[];
  format: Format;
  output?: string;
  timeoutMs: number;
  quiet: boolean;
}

function parseRequest(args: ParsedArgs): ScanRequest {
  const regions = [...new Set(listOption(args, 'region'))];
  const badRegion = regions.find((region) => !isRegionId(region));
  if (badRegion) throw new UsageError(`--region "${badRegion}" is not a region id (such as us-east-1)`);
  const items = [...new Set(listOption(args, 'item'))];
  const badItem = items.find((id) => !(ITEM_IDS as readonly string[]).includes(id));
  if (badItem) throw new UsageError(`unknown --item "${badItem}"; items: ${ITEM_IDS.join(', ')}`);
  const profile = stringOption(args, 'profile');
  if (profile !== undefined && profile.trim() === '') throw new UsageError('--profile needs a name');
  const output = stringOption(args, 'output');
  if (output !== undefined && output.trim() === '') throw new UsageError('--output needs a file name');
  return {
    ...(profile !== undefined ? { profile: profile.trim() } : {}),
    regions,
    ...(items.length > 0 ? { items: items as ItemId[] } : {}),
    format: choiceOption(args, 'format', FORMATS, 'text'),
    ...(output !== undefined ? { output } : {}),
    timeoutMs: timeoutOption(stringOption(args, 'timeout')),
    quiet: args.values.quiet === true,
  };
}

/** Milliseconds as digits, or a duration with its unit (`30s`, `2m`, `500ms`). */
function timeoutOption(value: string | undefined): number {
  if (value === undefined) return DEFAULT_CALL_TIMEOUT_MS;
  const text = value.trim();
  if (/^\d+$/.test(text) && Number(text) > 0) return Number(text);
  const parsed = /^\d/.test(text) && !/^\d+(\.\d+)?$/.test(text) ? parseDuration(text) : undefined;
  if (parsed && 'ms' in parsed) return parsed.ms;
  throw new UsageError(`--timeout must be a positive number of milliseconds (or 30s, 2m), not "${value}"`);
}

function render(scan: ScanResult, format: Format, style: Style): string {
  switch (format) {
    case 'json':
      return complianceReportJson(scan);
    case 'markdown':
      return complianceReportMarkdown(scan);
    case 'text':
      return scanText(scan, style);
  }
}

/** Credentials, then the scan, with progress on stderr; the progress line is gone when this returns. */
async function scanAccount(request: ScanRequest, io: CliIo): Promise<{ scan: ScanResult; cli: CliSession }> {
  const progress = createScanProgress(io, { quiet: request.quiet });
  // An MFA prompt must not be drawn over by the progress line.
  const prompt = io.prompt;
  const sessionIo: CliIo = prompt ? { ...io, prompt: (question) => progress.pauseFor(() => prompt(question)) } : io;
  try {
    const cli = await openCliSession(sessionIo, { ...(request.profile !== undefined ? { profile: request.profile } : {}), regions: request.regions });
    progress.status(`Checking the credentials of profile ${cli.profile.name} (${cli.region})…`);
    const identity = await callerIdentity(cli, { signal: io.signal, timeoutMs: request.timeoutMs });
    const what = request.items ? request.items.join(', ') : `${ITEM_IDS.length} items`;
    const where = request.regions.length > 0 ? request.regions.join(', ') : 'every enabled region';
    progress.status(`Scanning account ${identity.account} as ${identity.arn}: ${what} in ${where}`);
    const scanning = runComplianceScan(
      cli.session,
      {
        ...(request.regions.length > 0 ? { regions: request.regions } : {}),
        ...(request.items ? { items: request.items } : {}),
        signal: io.signal,
        callTimeoutMs: request.timeoutMs,
        onProgress: (event) => progress.update(event),
      },
      identity,
    );
    return { scan: await unlessAborted(scanning, io.signal), cli };
  } finally {
    progress.stop();
  }
}

/** The rendered results to stdout or --output (never coloured in a file). */
async function writeResults(scan: ScanResult, cli: CliSession, request: ScanRequest, io: CliIo): Promise<void> {
  const rendered = render(scan, request.format, request.output === undefined ? io.outStyle : createStyle(false));
  // The engine never puts credentials in results; redacting the resolved values makes sure.
  const output = redactKnownSecrets(rendered, await cli.session.secretValues()).text;
  if (request.output === undefined) {
    io.out(output);
    return;
  }
  const file = path.resolve(io.cwd, request.output);
  try {
    await writeFile(file, output);
  } catch (error) {
    throw new CliError(`could not write ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!request.quiet) io.err(`Wrote the ${request.format} results to ${request.output}\n`);
}

export async function runScan(args: ParsedArgs, io: CliIo): Promise<number> {
  const request = parseRequest(args);
  const { scan, cli } = await scanAccount(request, io);

  // "Checked in no region" must not read as "passes".
  const regional = (request.items ?? ITEM_IDS).some((id) => complianceItem(id).regional);
  if (regional && scan.regions.length === 0) {
    const asked = request.regions.length > 0 ? `none of the regions asked for (${request.regions.join(', ')}) is enabled` : 'no enabled region was found';
    throw new CliError(`${asked} for account ${scan.account}: nothing regional was checked. ${scan.notes.join(' ')}`.trim());
  }

  await writeResults(scan, cli, request, io);

  const counts = statusCounts(scan);
  if (counts.fail > 0) {
    // The text on stdout ends with the tally; JSON, Markdown and files get it on stderr.
    if (request.format !== 'text' || request.output !== undefined) io.err(`${failSummary(scan, io.errStyle)}\n`);
    return EXIT.findings;
  }
  if (counts.unknown + counts.error > 0) {
    const open = scan.items.filter((item) => item.status === 'unknown' || item.status === 'error').map((item) => `${item.id} (${item.status})`);
    io.err(`${io.errStyle.yellow(`${CLI_NAME} scan:`)} the account could not be fully assessed: ${open.join(', ')}. Unknown means access denied; see each item's reason.\n`);
    return EXIT.error;
  }
  return EXIT.ok;
}

/** The tally and the failing items, for stderr when stdout does not end with the text's tally. */
function failSummary(scan: ScanResult, style: Style): string {
  const failing = scan.items.filter((item) => item.status === 'fail').map((item) => item.id);
  return `${closingLine(scan, style)}; failing: ${failing.join(', ')}`;
}
