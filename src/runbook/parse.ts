import { parseFenceInfo } from './fenceInfo';
import { findTopLevelFencedBlocks, type FencedBlockSpan } from './fencedBlocks';
import { readFrontMatter } from './frontMatter';
import type { CodeCell, LineEnding, RunbookCell, RunbookDocument } from './model';
import { renderCodeBlock } from './serialize';

const BOM = '\uFEFF';

/** Whole blank lines at the start of a text (spaces/tabs then a line ending, repeated). */
const LEADING_BLANK_LINES = /^(?:[ \t]*(?:\r\n|\n|\r))*/;
/** From the first line ending after which only whitespace follows, to the end. */
const TRAILING_BLANK = /(?:\r\n|\n|\r)[ \t\r\n]*$/;
const ONLY_WHITESPACE = /^[ \t\r\n]*$/;

/**
 * Parses a runbook's text. Never throws: malformed attributes and front matter are
 * reported as problems on the cell or document, and the text is kept so that
 * `serializeRunbook(parseRunbook(text)) === text` for every input.
 */
export function parseRunbook(input: string): RunbookDocument {
  const bom = input.startsWith(BOM);
  let text = bom ? input.slice(1) : input;
  const eol = detectLineEnding(text);
  const normalizedCrlf = eol === '\r\n' && !/\r(?!\n)|(?<!\r)\n/.test(text);
  if (normalizedCrlf) text = text.replace(/\r\n/g, '\n');

  const frontMatter = readFrontMatter(text);
  const body = frontMatter ? text.slice(frontMatter.raw.length) : text;
  const cells: RunbookCell[] = [];
  let leading = '';

  /** Adds the text between two code blocks: blank lines go to the cell before, the rest is a markdown cell. */
  const addGap = (gap: string): void => {
    if (gap.length === 0) return;
    const previous = cells[cells.length - 1];
    let rest = gap;
    if (previous?.layout) {
      const blank = LEADING_BLANK_LINES.exec(gap)?.[0] ?? '';
      const attach = ONLY_WHITESPACE.test(gap) ? gap : blank;
      previous.layout.trailing += attach;
      rest = gap.slice(attach.length);
    } else if (ONLY_WHITESPACE.test(gap)) {
      leading += gap;
      return;
    } else {
      const blank = LEADING_BLANK_LINES.exec(gap)?.[0] ?? '';
      leading += blank;
      rest = gap.slice(blank.length);
    }
    if (rest.length === 0) return;
    const trailing = TRAILING_BLANK.exec(rest)?.[0] ?? '';
    cells.push({ kind: 'markdown', source: rest.slice(0, rest.length - trailing.length), layout: { trailing } });
  };

  let position = 0;
  for (const block of findTopLevelFencedBlocks(body)) {
    addGap(body.slice(position, block.start));
    cells.push(codeCellFrom(block, body.slice(block.start, block.end), eol, normalizedCrlf));
    position = block.end;
  }
  addGap(body.slice(position));

  return { bom, eol, normalizedCrlf, ...(frontMatter ? { frontMatter } : {}), leading, cells };
}

function codeCellFrom(block: FencedBlockSpan, text: string, eol: LineEnding, normalizedCrlf: boolean): CodeCell {
  const opening = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(block.openLine);
  const indent = opening?.[1] ?? '';
  const fence = opening?.[2] ?? '```';
  const info = opening?.[3] ?? '';
  const { language, attributes, problems } = parseFenceInfo(info);
  // CommonMark removes up to the fence's indentation from each content line.
  const source = block.contentLines.map((line) => stripIndent(line, indent.length)).join('\n');
  const cell: CodeCell = {
    kind: 'code',
    language,
    attributes,
    source,
    problems,
    layout: { indent, fence, info, close: block.closeLine, trailing: '' },
  };
  const lineEnding = normalizedCrlf ? '\n' : eol;
  if (renderCodeBlock(cell, lineEnding) !== text) {
    cell.layout = { ...cell.layout!, verbatim: { source, text } };
  }
  return cell;
}

function stripIndent(line: string, width: number): string {
  let removed = 0;
  while (removed < width && line[removed] === ' ') removed++;
  return line.slice(removed);
}

/** The line ending most used in the text; LF when there is none. */
export function detectLineEnding(text: string): LineEnding {
  const crlf = text.match(/\r\n/g)?.length ?? 0;
  const lf = (text.match(/\n/g)?.length ?? 0) - crlf;
  return crlf > lf ? '\r\n' : '\n';
}
