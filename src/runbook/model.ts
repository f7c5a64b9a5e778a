/**
 * The in-memory shape of a runbook file. Everything needed to write the file back
 * byte for byte lives here: the visible cell text, and `layout` with the bytes
 * around it (fence lines, blank lines, line endings) that a notebook never shows.
 */

export type LineEnding = '\n' | '\r\n';

export interface RunbookDocument {
  /** The file started with a UTF-8 byte order mark. */
  bom: boolean;
  /**
   * Line ending used for text the serializer generates. When the whole file used
   * CRLF, cell text is normalised to LF and converted back on write.
   */
  eol: LineEnding;
  /** True when cell text was converted from CRLF to LF while parsing. */
  normalizedCrlf: boolean;
  frontMatter?: FrontMatter;
  /** Blank lines between the front matter (or start of file) and the first cell. */
  leading: string;
  cells: RunbookCell[];
}

export interface FrontMatter {
  /** The exact text, delimiters and final line ending included. */
  raw: string;
  /** The parsed YAML, or undefined when it did not parse. */
  data: unknown;
  /** A readable parse error with its line, when the YAML is malformed. */
  error?: string;
}

export type RunbookCell = MarkdownCell | CodeCell;

export interface MarkdownCell {
  kind: 'markdown';
  /** The cell text, without the blank lines that separate it from the next cell. */
  source: string;
  /** Layout bytes; absent for a cell created in the editor. */
  layout?: MarkdownLayout;
}

export interface MarkdownLayout {
  /** Line ending and blank lines after the text. */
  trailing: string;
}

export interface CodeCell {
  kind: 'code';
  /** The fence's language word as written (`sh`, `logs-insights`, or '' for none). */
  language: string;
  /** Cell attributes from the fence info string's JSON object (`{}` when none). */
  attributes: CellAttributes;
  /** The code, without fences and without the fence's indentation. */
  source: string;
  /** Problems found while reading this cell (malformed attributes and the like). */
  problems: string[];
  layout?: CodeLayout;
}

export interface CodeLayout {
  /** Spaces before the opening fence (0–3). */
  indent: string;
  /** The opening fence characters, e.g. "```" or "~~~~". */
  fence: string;
  /** Everything after the fence characters on the opening line, as written. */
  info: string;
  /** The closing fence line as written, or null when the fence runs to end of file. */
  close: string | null;
  /** Line ending and blank lines after the closing fence. */
  trailing: string;
  /**
   * The block's exact text, kept only when regenerating it from `source` would not
   * reproduce it (for example content indented less than its fence).
   */
  verbatim?: { source: string; text: string };
}

/** Attributes from a fence info string. Known keys are typed; others are kept as written. */
export interface CellAttributes {
  name?: string;
  risk?: string;
  controls?: string[];
  timeout?: number | string;
  region?: string;
  excludeFromRunAll?: boolean;
  [key: string]: unknown;
}
