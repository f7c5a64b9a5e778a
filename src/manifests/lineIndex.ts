import type { Position, Range } from './model';
import { partitionPoint } from './partitionPoint';

/** Converts between string offsets and zero-based line/character positions of one text. */
export class LineIndex {
  /** Offset at which each line starts. */
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13 && text.charCodeAt(i + 1) !== 10) this.starts.push(i + 1);
    }
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    // The last line starting at or before the offset (the first line starts at 0).
    const low = partitionPoint(this.starts, (start) => start <= clamped) - 1;
    // An offset inside a line break (between \r and \n) belongs to the end of its line.
    return { line: low, character: Math.min(clamped, this.lineEnd(low)) - this.starts[low]! };
  }

  offset(position: Position): number {
    const line = Math.max(0, Math.min(position.line, this.starts.length - 1));
    return Math.min(this.starts[line]! + Math.max(0, position.character), this.lineEnd(line));
  }

  range(start: number, end: number): Range {
    return { start: this.position(start), end: this.position(end) };
  }

  /**
   * The range of [start, end), widened when it covers no visible character (an
   * offset on a line break): to its line's text, or else the last character of the
   * nearest non-empty line above, so an editor has something to underline.
   */
  visibleRange(start: number, end: number): Range {
    const range = this.range(start, end);
    if (range.end.line > range.start.line || range.end.character > range.start.character) return range;
    for (let line = range.start.line; line >= 0; line--) {
      const length = this.lineText(line).length;
      if (length === 0) continue;
      return line === range.start.line
        ? { start: { line, character: Math.min(range.start.character, length - 1) }, end: { line, character: Math.min(range.start.character, length - 1) + 1 } }
        : { start: { line, character: length - 1 }, end: { line, character: length } };
    }
    return range;
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.starts[line] ?? this.text.length, this.lineEnd(line));
  }

  /** Offset of the end of a line's content (before its line break). */
  lineEnd(line: number): number {
    const next = this.starts[line + 1];
    if (next === undefined) return this.text.length;
    let end = next - 1;
    if (this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))]!;
  }
}
