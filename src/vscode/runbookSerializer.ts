import * as vscode from 'vscode';
import { toNotebookShape, fromNotebookShape, type NotebookCellShape, type RunbookNotebookMetadata } from '../runbook/notebookShape';
import { parseRunbook } from '../runbook/parse';
import { serializeRunbook } from '../runbook/serialize';

export const RUNBOOK_NOTEBOOK_TYPE = 'security-runbook';

/** Options for registering the serializer: outputs are never written into a runbook. */
export const RUNBOOK_SERIALIZER_OPTIONS: vscode.NotebookDocumentContentOptions = {
  transientOutputs: true,
  transientCellMetadata: {},
  transientDocumentMetadata: {},
};

// `ignoreBOM` keeps a byte order mark in the text so the parser can record and restore it.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

/** Turns runbook bytes into notebook data and back; all format logic lives in src/runbook. */
export class RunbookSerializer implements vscode.NotebookSerializer {
  deserializeNotebook(content: Uint8Array): vscode.NotebookData {
    const shape = toNotebookShape(parseRunbook(decoder.decode(content)));
    const data = new vscode.NotebookData(
      shape.cells.map((cell) => {
        const kind = cell.kind === 'markup' ? vscode.NotebookCellKind.Markup : vscode.NotebookCellKind.Code;
        const cellData = new vscode.NotebookCellData(kind, cell.value, cell.languageId);
        cellData.metadata = { ...cell.metadata };
        return cellData;
      }),
    );
    data.metadata = { ...shape.metadata };
    return data;
  }

  serializeNotebook(data: vscode.NotebookData): Uint8Array {
    const cells = data.cells.map(
      (cell): NotebookCellShape => ({
        kind: cell.kind === vscode.NotebookCellKind.Markup ? 'markup' : 'code',
        value: cell.value,
        languageId: cell.languageId,
        metadata: cell.metadata ?? {},
      }),
    );
    const metadata = (data.metadata ?? {}) as Partial<RunbookNotebookMetadata>;
    return encoder.encode(serializeRunbook(fromNotebookShape({ cells, metadata })));
  }
}
