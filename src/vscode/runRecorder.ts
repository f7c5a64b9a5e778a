import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { CellRunResult } from '../cells/cellRun';
import { JournalWriter } from '../records/journal';
import type { CellEnd, CellIdentity } from '../records/journalEntry';
import type { DigestedOutput } from '../records/outputDigest';
import { redact, redactValue } from '../records/redaction';
import { maskParameters } from '../runbook/parameters';
import type { RunbookCellMetadata } from '../runbook/notebookShape';
import type { RunContext } from './runPreparation';

export const DEFAULT_RECORDS_FOLDER = '.security-runbooks/records';

/** Incidents the user started or picked, per runbook (in memory for the window; the journal file is the record). */
const chosenIncidents = new Map<string, string>();

/** "Start or Pick Incident": later runs of this runbook journal into that incident. */
export async function startIncidentCommand(args: { notebook?: vscode.Uri; incident?: string } = {}): Promise<string | undefined> {
  const notebook = args.notebook ?? vscode.window.activeNotebookEditor?.notebook.uri;
  if (!notebook) return undefined;
  const incident =
    args.incident ??
    (await vscode.window.showInputBox({
      title: 'Incident for this runbook',
      prompt: 'Runs of this runbook are journaled under this incident id (e.g. INC-2026-1129-guardduty). Empty: one journal per runbook per day.',
      ignoreFocusOut: true,
      validateInput: (value) => (value === '' || /^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$/.test(value) ? undefined : 'Letters, digits, dot, dash and underscore'),
    }));
  if (incident === undefined) return undefined;
  if (incident === '') chosenIncidents.delete(notebook.toString());
  else chosenIncidents.set(notebook.toString(), incident);
  return journalPathFor(notebook);
}

/** The journal file of a runbook's incident: the chosen incident, else `<runbook>-<YYYY-MM-DD>` (one per runbook per day). */
export function journalPathFor(notebook: vscode.Uri): string {
  const folder = vscode.workspace.getWorkspaceFolder(notebook)?.uri.fsPath ?? path.dirname(notebook.fsPath);
  const configured = vscode.workspace.getConfiguration('securityRunbooks.records', notebook).get<string>('folder') || DEFAULT_RECORDS_FOLDER;
  const base = path.basename(notebook.fsPath).replace(/\.runbook\.md$|\.md$/i, '');
  const day = new Date();
  const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  return path.resolve(folder, configured, `${chosenIncidents.get(notebook.toString()) ?? `${base}-${date}`}.jsonl`);
}

/** The commit the runbook's folder is at, and whether it has local changes (omitted outside git). */
async function gitState(folder: string): Promise<{ git?: { commit: string; dirty: boolean } }> {
  const git = (args: string[]) =>
    new Promise<string | undefined>((resolve) =>
      execFile('git', args, { cwd: folder, timeout: 3000 }, (error, stdout) => resolve(error ? undefined : stdout.trim())),
    );
  const commit = await git(['rev-parse', 'HEAD']);
  if (!commit) return {};
  const status = await git(['status', '--porcelain']);
  return { git: { commit, dirty: (status ?? '') !== '' } };
}

function operator(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    return undefined;
  }
}

function cellIdentity(cell: vscode.NotebookCell, risk?: string): CellIdentity {
  const name = (cell.metadata as RunbookCellMetadata).attributes?.name;
  return { name: typeof name === 'string' ? name : `cell ${cell.index + 1}`, index: cell.index, language: cell.document.languageId, ...(risk ? { risk } : {}) };
}

/**
 * Journals one run as it happens: run start, identity, parameters (secrets
 * masked), then a `cell.start` before and a `cell.end` after each cell, each
 * written and fsynced before the next cell starts. Everything is redacted first.
 */
export class RunRecorder {
  private constructor(
    private readonly writer: JournalWriter,
    private readonly runId: string,
    private readonly secrets: readonly string[],
    private readonly context: RunContext,
  ) {}

  static async start(notebook: vscode.NotebookDocument, cells: readonly vscode.NotebookCell[], context: RunContext, secrets: readonly string[]): Promise<RunRecorder> {
    const writer = await JournalWriter.open(journalPathFor(notebook.uri), { ...(operator() ? { operator: operator()! } : {}) });
    const who = operator();
    const base = who ? { operator: who } : {};
    if (writer.seq === 1) {
      const bytes = await readFile(notebook.uri.fsPath).catch(() => Buffer.alloc(0));
      const title = (notebook.metadata as { frontMatter?: { data?: { title?: unknown } } }).frontMatter?.data?.title;
      await writer.append({
        ...base,
        type: 'journal.start',
        incident: path.basename(writer.path, '.jsonl'),
        runbook: { path: vscode.workspace.asRelativePath(notebook.uri), sha256: createHash('sha256').update(bytes).digest('hex'), ...(typeof title === 'string' ? { title } : {}) },
        ...(await gitState(path.dirname(notebook.uri.fsPath))),
      });
    }
    const recorder = new RunRecorder(writer, randomUUID(), secrets, context);
    await writer.append({ ...base, type: 'run.start', runId: recorder.runId, cells: cells.map((cell) => cellIdentity(cell).name) });
    if (context.aws) {
      const { profile, region, identity } = context.aws;
      await writer.append({ ...base, type: 'profile.resolved', runId: recorder.runId, profile, account: identity.account, region, principal: identity.arn });
    }
    const { specs, values } = context.parameters;
    if (Object.keys(values).length > 0) {
      await writer.append({ ...base, type: 'param.set', runId: recorder.runId, values: redactValue(maskParameters(specs, values), secrets).value });
    }
    return recorder;
  }

  async cellStarted(cell: vscode.NotebookCell, command: string, risk?: string): Promise<void> {
    const aws = this.context.aws;
    await this.writer.append({
      ...this.base(),
      type: 'cell.start',
      runId: this.runId,
      cell: cellIdentity(cell, risk),
      command: redact(command, this.secrets).text,
      ...(aws ? { profile: aws.profile, account: aws.identity.account, region: aws.region, principal: aws.identity.arn } : {}),
    });
  }

  async cellEnded(cell: vscode.NotebookCell, status: CellEnd['status'], result: Pick<CellRunResult, 'exitCode' | 'durationMs' | 'message'>, output: DigestedOutput, risk?: string): Promise<void> {
    const shown = redact(output.text, this.secrets);
    const message = redact(result.message, this.secrets);
    await this.writer.append({
      ...this.base(),
      type: 'cell.end',
      runId: this.runId,
      cell: cellIdentity(cell, risk),
      status,
      ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
      durationMs: result.durationMs,
      message: message.text,
      output: shown.text,
      outputTruncated: output.truncated,
      outputSha256: output.sha256,
      outputBytes: output.bytes,
      redactions: shown.count + message.count,
    });
  }

  close(): Promise<void> {
    return this.writer.close();
  }

  private base(): { operator?: string } {
    const who = operator();
    return who ? { operator: who } : {};
  }
}
