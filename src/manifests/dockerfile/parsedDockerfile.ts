/**
 * A Dockerfile parsed with `dockerfile-ast` (the Docker language server's parser),
 * plus what every rule needs around it: ranges in our model's shape, the escape
 * character, the file's line break, and the here-documents of an instruction.
 */
import { DockerfileParser, type Argument, type Dockerfile, type Heredoc, type Instruction, type JSONArgument, type Property } from 'dockerfile-ast';
import type { LineIndex } from '../lineIndex';
import type { Range } from '../model';

/** A range as `dockerfile-ast` gives it (LSP shape, like ours). */
export interface ParserRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface ParsedDockerfile {
  readonly text: string;
  readonly lines: LineIndex;
  readonly ast: Dockerfile;
  readonly instructions: readonly Instruction[];
  /** `\` unless a `# escape=` parser directive says otherwise. */
  readonly escape: string;
  /** The line break new lines get: CRLF if the file uses it, else LF. */
  readonly eol: string;
}

export function parseDockerfile(text: string, lines: LineIndex): ParsedDockerfile {
  const ast = DockerfileParser.parse(text);
  const escape = ast.getEscapeCharacter() || '\\';
  return { text, lines, ast, instructions: ast.getInstructions(), escape, eol: text.includes('\r\n') ? '\r\n' : '\n' };
}

/** A parser range in the model's shape, clamped to the text (so it is always valid for this file). */
export function toRange(doc: ParsedDockerfile, range: ParserRange): Range {
  const start = doc.lines.offset(range.start);
  const end = Math.max(start, doc.lines.offset(range.end));
  return doc.lines.range(start, end);
}

/** The instruction keyword (`FROM`, `user`...) as written. */
export function keywordRange(doc: ParsedDockerfile, instruction: Instruction): Range {
  return toRange(doc, instruction.getInstructionRange());
}

/** From the first argument's start to the last argument's end (what `USER`, `WORKDIR` take as one string). */
export function argumentsSpan(doc: ParsedDockerfile, args: readonly Argument[]): { text: string; range: Range } | undefined {
  const first = args[0];
  const last = args[args.length - 1];
  if (!first || !last) return undefined;
  const range = toRange(doc, { start: first.getRange().start, end: last.getRange().end });
  return { text: doc.text.slice(doc.lines.offset(range.start), doc.lines.offset(range.end)), range };
}

/**
 * The here-documents (`<<EOF ... EOF`) of an ADD, COPY or RUN instruction. The
 * parser computes them for every instruction but declares the method only on RUN
 * and COPY, hence the structural access.
 */
export function heredocsOf(instruction: Instruction): Heredoc[] {
  const keyword = instruction.getKeyword();
  if (keyword !== 'ADD' && keyword !== 'COPY' && keyword !== 'RUN') return [];
  const withHeredocs = instruction as unknown as { getHeredocs?: () => Heredoc[] };
  return typeof withHeredocs.getHeredocs === 'function' ? withHeredocs.getHeredocs() : [];
}

function before(a: ParserRange['start'], b: ParserRange['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * The arguments on an instruction's own lines: here-document bodies are left out
 * (the parser lists their words as arguments too).
 */
export function headerArguments(instruction: Instruction): Argument[] {
  const args = instruction.getArguments();
  const bodies = heredocsOf(instruction)
    .map((heredoc) => heredoc.getContentRange() ?? heredoc.getDelimiterRange())
    .filter((range): range is NonNullable<typeof range> => range !== null);
  if (bodies.length === 0) return args;
  const firstBody = bodies.reduce((a, b) => (before(b.start, a.start) ? b : a)).start;
  return args.filter((arg) => before(arg.getRange().start, firstBody));
}

/** The NAME=value properties of an ARG, ENV or LABEL instruction (none for other instructions). */
export function propertiesOf(instruction: Instruction): Property[] {
  const keyword = instruction.getKeyword();
  if (keyword !== 'ARG' && keyword !== 'ENV' && keyword !== 'LABEL') return [];
  return (instruction as Instruction & { getProperties(): Property[] }).getProperties();
}

/**
 * The strings of an instruction written in JSON form (`ADD ["src", "dest"]`), or
 * none when it is in shell form (or its JSON is invalid, which Docker then reads
 * as shell form too).
 */
export function jsonStringsOf(instruction: Instruction): JSONArgument[] {
  const withJson = instruction as unknown as { getJSONStrings?: () => JSONArgument[]; getOpeningBracket?: () => Argument | null; getClosingBracket?: () => Argument | null };
  if (typeof withJson.getJSONStrings !== 'function' || !withJson.getOpeningBracket?.() || !withJson.getClosingBracket?.()) return [];
  return withJson.getJSONStrings();
}
