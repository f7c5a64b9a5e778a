/**
 * Which runbook cell fixes a compliance item. A cell remediates the item when its
 * `controls` attribute names one of the item's control ids. Preferred, in order,
 * over all the runbooks given (in the order given):
 *   1. the cell named as the catalog says (`remediationCell`) that names a control;
 *   2. a cell that changes something (risk not `read`) and names a control;
 *   3. any cell that names a control (a read-only look at least shows the problem).
 *
 * The cell index is the notebook's: runbooks go through the same parse and notebook
 * shape as the serializer, so markdown cells count exactly as the editor shows them.
 *
 * Pure: no `vscode`, no I/O.
 */
import { toNotebookShape, type NotebookCellShape } from '../runbook/notebookShape';
import { parseRunbook } from '../runbook/parse';
import { assessCellRisk } from '../runbook/risk';
import type { ComplianceItem } from './model';

export interface RunbookText {
  /** Where the runbook is (a URI string); returned as given. */
  uri: string;
  text: string;
}

export interface RemediationCell {
  uri: string;
  /** Index among the notebook's cells (markdown cells included). */
  cellIndex: number;
  /** The cell's `name` attribute, or `cell N` (1-based) when it has none. */
  cellName: string;
}

interface Candidate extends RemediationCell {
  named: boolean;
  changes: boolean;
}

export function findRemediationCell(runbooks: readonly RunbookText[], item: Pick<ComplianceItem, 'controls' | 'remediationCell'>): RemediationCell | undefined {
  const controls = new Set(item.controls);
  const candidates: Candidate[] = [];
  for (const runbook of runbooks) {
    let cells: NotebookCellShape[];
    try {
      if (typeof runbook?.text !== 'string') continue;
      cells = toNotebookShape(parseRunbook(runbook.text)).cells;
    } catch {
      continue; // a runbook that cannot be read offers no cell
    }
    cells.forEach((cell, cellIndex) => {
      if (cell.kind !== 'code') return;
      const attributes = cell.metadata.attributes ?? {};
      const cellControls = Array.isArray(attributes.controls) ? attributes.controls : [];
      if (!cellControls.some((control) => typeof control === 'string' && controls.has(control))) return;
      const name = typeof attributes.name === 'string' && attributes.name !== '' ? attributes.name : undefined;
      candidates.push({
        uri: runbook.uri,
        cellIndex,
        cellName: name ?? `cell ${cellIndex + 1}`,
        named: name !== undefined && name === item.remediationCell,
        changes: changesSomething(cell),
      });
    });
  }
  const best = candidates.find((c) => c.named) ?? candidates.find((c) => c.changes) ?? candidates[0];
  return best ? { uri: best.uri, cellIndex: best.cellIndex, cellName: best.cellName } : undefined;
}

/** True for a cell whose risk (declared, or read from its commands) is mutating or destructive. */
function changesSomething(cell: NotebookCellShape): boolean {
  const assessment = assessCellRisk({ languageId: cell.languageId, source: cell.value, attributes: cell.metadata.attributes ?? {} });
  return 'risk' in assessment && assessment.risk !== 'read';
}
