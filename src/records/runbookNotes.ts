/**
 * The runbook's own explanation of each cell, quoted in a post-incident record's
 * evidence: the markdown cell just before each code cell, keyed by the cell's
 * `name` attribute or `cell N` (its 1-based position among all cells), the key the
 * journal records. Shared by the extension (open notebook) and the CLI (runbook file).
 */
import type { NotebookCellShape } from '../runbook/notebookShape';

export type NotesCell = Pick<NotebookCellShape, 'kind' | 'value' | 'metadata'>;

export function runbookNotes(cells: readonly NotesCell[]): Record<string, string> {
  const notes: Record<string, string> = {};
  let pending = '';
  cells.forEach((cell, index) => {
    if (cell.kind === 'markup') {
      pending = cell.value;
    } else {
      const name = cell.metadata.attributes?.name;
      notes[typeof name === 'string' ? name : `cell ${index + 1}`] = pending;
      pending = '';
    }
  });
  return notes;
}
