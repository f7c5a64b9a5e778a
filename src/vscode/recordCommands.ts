import { createWriteStream, existsSync } from 'node:fs';
import * as vscode from 'vscode';
import { JournalWriter } from '../records/journal';
import { streamJournalEntries, verifyJournalFile } from '../records/journalReader';
import { exportRecord } from '../records/recordExport';
import { redact } from '../records/redaction';
import { runbookNotes } from '../records/runbookNotes';
import type { RunbookCellMetadata } from '../runbook/notebookShape';
import { journalPathFor } from './runRecorder';

type RecordFormat = 'markdown' | 'html';

function activeNotebook(uri?: vscode.Uri): vscode.NotebookDocument | undefined {
  if (uri) return vscode.workspace.notebookDocuments.find((doc) => doc.uri.toString() === uri.toString());
  return vscode.window.activeNotebookEditor?.notebook;
}

/** The markdown that precedes each named cell: the runbook's own explanation, quoted in the evidence. */
function notebookNotes(notebook: vscode.NotebookDocument): Record<string, string> {
  return runbookNotes(
    notebook.getCells().map((cell) => ({
      kind: cell.kind === vscode.NotebookCellKind.Markup ? ('markup' as const) : ('code' as const),
      value: cell.document.getText(),
      metadata: cell.metadata as RunbookCellMetadata,
    })),
  );
}

/** "Export Post-Incident Record": verifies the journal, then writes Markdown or self-contained HTML beside it. */
export async function exportRecordCommand(args: { notebook?: vscode.Uri; format?: RecordFormat; confirm?: boolean } = {}): Promise<string | undefined> {
  const notebook = activeNotebook(args.notebook);
  if (!notebook) {
    void vscode.window.showWarningMessage('Open the runbook whose record you want to export.');
    return undefined;
  }
  const journal = journalPathFor(notebook.uri);
  if (!existsSync(journal)) {
    void vscode.window.showWarningMessage(`No journal yet for this runbook today (${vscode.workspace.asRelativePath(journal)}): run a cell first.`);
    return undefined;
  }
  const verified = await verifyJournalFile(journal);
  if (!verified.ok) {
    void vscode.window.showErrorMessage(`Not exported: the journal does not verify. ${verified.message}`);
    return undefined;
  }
  const format: RecordFormat | undefined =
    args.format ?? ((await vscode.window.showQuickPick(['markdown', 'html'], { title: 'Export post-incident record', placeHolder: 'Format' })) as RecordFormat | undefined);
  if (!format) return undefined;
  if (args.confirm !== false && !(await confirmExport(journal, verified.entries, format))) return undefined;
  const target = journal.replace(/\.jsonl$/, format === 'html' ? '.record.html' : '.record.md');
  const out = createWriteStream(target, { encoding: 'utf8' });
  const summary = await exportRecord(
    () => streamJournalEntries(journal),
    { format, runbookNotes: notebookNotes(notebook), chainHead: verified.head, generatedAt: new Date() },
    (chunk) => (out.write(chunk) ? undefined : new Promise<void>((resolve) => out.once('drain', () => resolve()))),
  );
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  const writer = await JournalWriter.open(journal);
  await writer.append({ type: 'export', formats: [format], chainHead: verified.head });
  await writer.close();
  void vscode.window
    .showInformationMessage(`Record exported: ${summary.steps} steps, ${summary.redactionCount} values redacted. Chain head ${verified.head.slice(0, 12)}…`, 'Open')
    .then((choice) => (choice === 'Open' ? vscode.commands.executeCommand('vscode.open', vscode.Uri.file(target)) : undefined));
  return target;
}

/** The preview before saving: how many steps the record holds and how many values redaction replaced. */
async function confirmExport(journal: string, entries: number, format: RecordFormat): Promise<boolean> {
  let steps = 0;
  let redactions = 0;
  for await (const entry of streamJournalEntries(journal)) {
    if (entry.type === 'cell.end') {
      steps++;
      redactions += entry.redactions;
    }
  }
  const save = 'Save';
  const answer = await vscode.window.showInformationMessage(
    `Export the post-incident record as ${format === 'html' ? 'HTML' : 'Markdown'}?`,
    {
      modal: true,
      detail: `${steps} steps from ${entries} journal entries. Redaction replaced ${redactions} value${redactions === 1 ? '' : 's'} (credentials, secret parameters, tokens) before they were journaled; the record shows them as [REDACTED].`,
    },
    save,
  );
  return answer === save;
}

/** "Verify Incident Journal": checks the hash chain and reports the first broken line. */
export async function verifyJournalCommand(args: { notebook?: vscode.Uri } = {}): Promise<Awaited<ReturnType<typeof verifyJournalFile>> | undefined> {
  const notebook = activeNotebook(args.notebook);
  if (!notebook) {
    void vscode.window.showWarningMessage('Open the runbook whose journal you want to verify.');
    return undefined;
  }
  const journal = journalPathFor(notebook.uri);
  if (!existsSync(journal)) {
    void vscode.window.showWarningMessage(`No journal yet for this runbook today (${vscode.workspace.asRelativePath(journal)}).`);
    return undefined;
  }
  const result = await verifyJournalFile(journal);
  if (result.ok) void vscode.window.showInformationMessage(`Journal verified: ${result.entries} entries, chain head ${result.head.slice(0, 12)}…`);
  else void vscode.window.showErrorMessage(`Journal does not verify: ${result.message}`);
  return result;
}

/** "Add Note to Incident Journal": a timestamped operator note in the runbook's journal. */
export async function addNoteCommand(args: { notebook?: vscode.Uri; text?: string } = {}): Promise<void> {
  const notebook = activeNotebook(args.notebook);
  if (!notebook) return;
  const text = args.text ?? (await vscode.window.showInputBox({ title: 'Note for the incident journal', ignoreFocusOut: true }));
  if (!text) return;
  const writer = await JournalWriter.open(journalPathFor(notebook.uri));
  await writer.append({ type: 'note', text: redact(text).text });
  await writer.close();
}
