import { LineIndex } from './lineIndex';
import type { TextEdit } from './model';

/** Applies non-overlapping edits to a text (as VS Code would), last first so offsets stay valid. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const located = edits
    .map((edit) => ({ start: lines.offset(edit.range.start), end: lines.offset(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  let limit = Infinity;
  for (const edit of located) {
    if (edit.end > limit) throw new Error('overlapping edits');
    result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
    limit = edit.start;
  }
  return result;
}
