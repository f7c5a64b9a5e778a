/**
 * Checks a runbook file the way the extension reads and runs it, and says where each
 * problem is written: the front matter (validateFrontMatter.ts) and the code cells
 * (validateCells.ts). `security-runbooks runbook check` prints these.
 *
 * Pure: no `vscode`, no I/O. Never throws on any text.
 */
import { findTopLevelFencedBlocks } from './fencedBlocks';
import { readFrontMatter } from './frontMatter';
import { parseRunbook } from './parse';
import { checkCells, type LocatedCell } from './validateCells';
import { checkFrontMatter } from './validateFrontMatter';
import { LineIndex } from '../manifests/lineIndex';

export type ProblemSeverity = 'error' | 'warning';

export type ProblemCode =
  | 'front-matter'
  | 'unknown-key'
  | 'target'
  | 'parameter'
  | 'time-range'
  | 'attribute'
  | 'cell-name'
  | 'duplicate-name'
  | 'risk'
  | 'language'
  | 'placeholder'
  | 'control'
  | 'native-cell';

export interface RunbookProblem {
  /** 1-based, in the file as written. */
  line: number;
  /** 1-based. */
  column: number;
  severity: ProblemSeverity;
  code: ProblemCode;
  message: string;
}

export interface Position {
  line: number;
  column: number;
}

export type ReportProblem = (at: Position, severity: ProblemSeverity, code: ProblemCode, message: string) => void;

export interface ValidateOptions {
  /** The time relative ranges (`24h`) are resolved against; now by default. */
  now?: Date;
}

const BOM = '\uFEFF';

export function validateRunbook(input: string, options: ValidateOptions = {}): RunbookProblem[] {
  const problems: RunbookProblem[] = [];
  const report: ReportProblem = (at, severity, code, message) => problems.push({ line: at.line, column: at.column, severity, code, message });
  const now = options.now ?? new Date();
  const text = input.startsWith(BOM) ? input.slice(BOM.length) : input;

  const frontMatter = readFrontMatter(text);
  const { data, parameterNames, specs } = checkFrontMatter(frontMatter, report, now);

  // The editor's cells (parseRunbook) and where their fences are (the same CommonMark scan, over the same body).
  const body = frontMatter ? text.slice(frontMatter.raw.length) : text;
  const firstBodyLine = frontMatter ? lineBreaks(frontMatter.raw) + 1 : 1;
  const blocks = findTopLevelFencedBlocks(body);
  const codeCells = parseRunbook(input).cells.flatMap((cell) => (cell.kind === 'code' ? [cell] : []));
  const lines = new LineIndex(body);
  const located: LocatedCell[] = [];
  for (let i = 0; i < Math.min(blocks.length, codeCells.length); i++) {
    const block = blocks[i]!;
    located.push({ cell: codeCells[i]!, block, fenceLine: firstBodyLine + lines.position(block.start).line });
  }
  checkCells(located, { data, parameterNames, specs, now }, report);

  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Line breaks as Markdown counts them: CRLF, LF or CR. */
export function lineBreaks(text: string): number {
  return text.match(/\r\n|\n|\r/g)?.length ?? 0;
}

