/** A result table as cells show it: named columns, string cells, plus the raw records for JSON output. */
export interface Table {
  columns: string[];
  rows: string[][];
}

export interface MarkdownTableOptions {
  /** Longest cell text shown, in characters; longer cells end in `…`. Default 200. */
  maxCellChars?: number;
}

export const DEFAULT_MAX_CELL_CHARS = 200;
export const NO_RESULTS = 'No results.';

/**
 * Renders a table as GitHub-flavoured Markdown. Cell text is shown literally:
 * Markdown punctuation (`|`, `\`, `*`, `_`, `` ` ``, `<`, …) is escaped, line breaks
 * and other control characters become spaces, and long cells are cut with `…`.
 * A table without rows renders as a single "No results." line.
 */
export function renderMarkdownTable(table: Table, options: MarkdownTableOptions = {}): string {
  const rows = Array.isArray(table?.rows) ? table.rows.map((row) => (Array.isArray(row) ? row : [])) : [];
  const columns = Array.isArray(table?.columns) ? table.columns : [];
  const width = rows.reduce((widest, row) => Math.max(widest, row.length), columns.length);
  if (rows.length === 0 || width === 0) return NO_RESULTS;
  const maxChars = cellLimit(options?.maxCellChars);
  const line = (cells: readonly unknown[]) =>
    `| ${Array.from({ length: width }, (_, i) => markdownCell(cells[i], maxChars)).join(' | ')} |`;
  const separator = `|${' --- |'.repeat(width)}`;
  return [line(columns), separator, ...rows.map(line)].join('\n');
}

/** The rows as objects keyed by column name, for JSON output. Repeated names get ` (2)`, ` (3)`… */
export function tableToRecords(table: Table): Record<string, string>[] {
  const columns = uniqueNames(Array.isArray(table?.columns) ? table.columns : []);
  const rows = Array.isArray(table?.rows) ? table.rows : [];
  // Object.fromEntries defines own properties, so a column called `__proto__` stays data.
  return rows.map((row) => Object.fromEntries(columns.map((name, i) => [name, cellText(Array.isArray(row) ? row[i] : undefined)])));
}

function cellLimit(requested: number | undefined): number {
  return typeof requested === 'number' && Number.isFinite(requested) && requested >= 1 ? Math.floor(requested) : DEFAULT_MAX_CELL_CHARS;
}

function markdownCell(value: unknown, maxChars: number): string {
  const flat = cellText(value)
    .replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]+/g, ' ')
    .trim();
  return escapeMarkdownInline(truncate(flat, maxChars));
}

/** Cuts text to at most `maxChars` characters (code points, so emoji are not split), the last being `…`. */
export function truncate(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return text;
  return `${chars.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`;
}

/**
 * Backslash-escapes the characters that start inline Markdown in a table cell: the
 * pipe, escapes, code, emphasis, strikethrough, links/images, HTML and entities.
 * (Block syntax such as `#` or `-` means nothing inside a cell.)
 */
function escapeMarkdownInline(text: string): string {
  return text.replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : String(value);
}

function uniqueNames(columns: readonly unknown[]): string[] {
  const seen = new Map<string, number>();
  return columns.map((column) => {
    const name = cellText(column);
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name} (${count})`;
  });
}
