import { formatFenceInfo, parseFenceInfo, sameAttributes } from './fenceInfo';
import { isClosingFence } from './fencedBlocks';
import type { CodeCell, LineEnding, RunbookCell, RunbookDocument } from './model';

const LINE_BREAK = /\r\n|\n|\r/;

/**
 * Writes a runbook back to text. Unedited cells come back byte for byte; an edited
 * cell regenerates only its own bytes; cells created in the editor are separated
 * from their neighbours by one blank line.
 */
export function serializeRunbook(doc: RunbookDocument): string {
  const eol: LineEnding = doc.normalizedCrlf ? '\n' : doc.eol;
  let out = (doc.frontMatter?.raw ?? '') + doc.leading;
  for (const cell of doc.cells) {
    if (out.length > 0 && !endsWithLineBreak(out)) out += eol;
    if (!cell.layout && out.length > 0 && !endsWithBlankLine(out)) out += eol;
    out += renderCell(cell, eol);
  }
  if (doc.normalizedCrlf) out = out.replace(/\r?\n/g, '\r\n');
  return (doc.bom ? '\uFEFF' : '') + out;
}

function renderCell(cell: RunbookCell, eol: LineEnding): string {
  const trailing = cell.layout?.trailing ?? eol;
  if (cell.kind === 'markdown') return cell.source + trailing;
  return renderCodeBlock(cell, eol) + trailing;
}

/** The fenced block for a code cell, from its opening fence to its closing fence line (no final line ending). */
export function renderCodeBlock(cell: CodeCell, eol: LineEnding): string {
  const layout = cell.layout;
  const info = infoFor(cell);
  if (layout?.verbatim && layout.verbatim.source === cell.source && info === layout.info) {
    return layout.verbatim.text;
  }
  const indent = layout?.indent ?? '';
  const lines = cell.source === '' ? [] : cell.source.split(LINE_BREAK);
  const fence = safeFence(layout?.fence ?? '```', lines, info);
  const parts = [indent + fence + info, ...lines.map((line) => (line === '' ? line : indent + line))];
  if (layout?.close === null) return parts.join(eol);
  const close = layout && layout.fence === fence && isClosingFence(layout.close, fence) ? layout.close : indent + fence;
  parts.push(close);
  return parts.join(eol);
}

/** Keeps the info string as written unless the language or attributes changed. */
function infoFor(cell: CodeCell): string {
  const layout = cell.layout;
  if (layout) {
    const written = parseFenceInfo(layout.info);
    const attributesUnchanged = written.problems.length > 0 ? isEmpty(cell.attributes) : sameAttributes(written.attributes, cell.attributes);
    if (written.language === cell.language && attributesUnchanged) return layout.info;
  }
  return formatFenceInfo(cell.language, cell.attributes);
}

/**
 * A fence the content cannot close early: longer than any fence-like line inside,
 * and made of tildes when the info string contains a backtick (CommonMark forbids that).
 */
function safeFence(preferred: string, lines: string[], info: string): string {
  const char = info.includes('`') ? '~' : (preferred[0] as '`' | '~');
  let length = char === preferred[0] ? preferred.length : 3;
  for (const line of lines) {
    const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
    if (match && match[1]![0] === char) length = Math.max(length, match[1]!.length + 1);
  }
  return char.repeat(length);
}

function isEmpty(value: object): boolean {
  return Object.keys(value).length === 0;
}

function endsWithLineBreak(text: string): boolean {
  return /(?:\r\n|\n|\r)$/.test(text);
}

function endsWithBlankLine(text: string): boolean {
  const withoutLast = text.replace(/(?:\r\n|\n|\r)$/, '');
  if (withoutLast.length === text.length) return false;
  return withoutLast.length === 0 || /(?:\r\n|\n|\r)[ \t]*$/.test(withoutLast);
}
