/** Small readers shared by the AWS cell kinds. Cell text and attributes are user input: nothing here throws. */

export interface SourceLine {
  /** 1-based line number in the cell, for messages. */
  number: number;
  /** The line, trimmed. */
  text: string;
}

/** The cell's lines that say something: blank lines and `#` comment lines are left out. */
export function meaningfulLines(body: string): SourceLine[] {
  return String(body ?? '')
    .split(/\r\n|\n|\r/)
    .map((line, index) => ({ number: index + 1, text: line.trim() }))
    .filter((line) => line.text !== '' && !line.text.startsWith('#'));
}

/** A value as it appears in a message, quoted and kept short. */
export function quoted(value: unknown): string {
  let text: string;
  try {
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
}

/** The front matter's parsed YAML as a record, or an empty one when it is anything else. */
export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/**
 * A whole-number attribute such as `limit`: a number or numeric string within
 * [1, max]; `fallback` when absent.
 */
export function readCount(value: unknown, name: string, fallback: number, max: number): { value: number } | { error: string } {
  if (value === undefined || value === null) return { value: fallback };
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 1) {
    return { error: `The "${name}" attribute must be a whole number from 1 to ${formatCount(max)}, not ${quoted(value)}.` };
  }
  if (number > max) return { error: `The "${name}" attribute is ${formatCount(number)}; the most allowed is ${formatCount(max)}.` };
  return { value: number };
}

/** `1234567` → `1,234,567`, independent of the machine's locale. */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const [whole = '0', fraction] = Math.abs(value).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}
