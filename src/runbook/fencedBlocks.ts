import MarkdownIt from 'markdown-it';

/** A top-level fenced code block, located by character offsets into the scanned text. */
export interface FencedBlockSpan {
  /** Offset of the first character of the opening fence line (its indentation included). */
  start: number;
  /** Offset just past the last line of the block, before that line's line ending. */
  end: number;
  /** The opening fence line. */
  openLine: string;
  /** Content lines between the fences, each without its line ending. */
  contentLines: string[];
  /** The closing fence line, or null when the fence runs to the end of the text. */
  closeLine: string | null;
}

// CommonMark only: we need block structure, not rendering. No HTML output is produced.
const tokenizer = new MarkdownIt('commonmark');

/** Markdown-it splits lines on CR, LF and CRLF alike; line numbers must agree with it. */
const LINE_BREAK = /\r\n|\n|\r/g;

/**
 * Finds the fenced code blocks at the top level of a Markdown text (not inside
 * lists or block quotes) with the CommonMark tokenizer, and maps its line numbers
 * back to exact offsets.
 */
export function findTopLevelFencedBlocks(text: string): FencedBlockSpan[] {
  const tokens = tokenizer.parse(text, {});
  const fences = tokens.filter((token) => token.type === 'fence' && token.level === 0 && token.map);
  if (fences.length === 0) return [];

  const { lines, starts } = splitLines(text);
  return fences.map((token) => {
    const [first, afterLast] = token.map as [number, number];
    let lastLine = Math.min(afterLast, lines.length) - 1;
    const openLine = lines[first] ?? '';
    const closed = lastLine > first && isClosingFence(lines[lastLine] ?? '', token.markup);
    if (!closed) {
      // A fence left open runs to the end of the file; its final blank lines are layout, not code.
      while (lastLine > first && /^[ \t]*$/.test(lines[lastLine] ?? '')) lastLine--;
    }
    const contentEnd = closed ? lastLine : lastLine + 1;
    return {
      start: starts[first] ?? 0,
      end: (starts[lastLine] ?? 0) + (lines[lastLine] ?? '').length,
      openLine,
      contentLines: lines.slice(first + 1, contentEnd),
      closeLine: closed ? (lines[lastLine] ?? '') : null,
    };
  });
}

function splitLines(text: string): { lines: string[]; starts: number[] } {
  const lines: string[] = [];
  const starts: number[] = [];
  let lineStart = 0;
  LINE_BREAK.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = LINE_BREAK.exec(text)) !== null) {
    starts.push(lineStart);
    lines.push(text.slice(lineStart, match.index));
    lineStart = match.index + match[0].length;
  }
  starts.push(lineStart);
  lines.push(text.slice(lineStart));
  return { lines, starts };
}

/** CommonMark closing fence: up to 3 spaces, at least as many of the same fence character, then only spaces/tabs. */
export function isClosingFence(line: string, openingFence: string): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  if (!match) return false;
  const fence = match[1] as string;
  return fence[0] === openingFence[0] && fence.length >= openingFence.length;
}
