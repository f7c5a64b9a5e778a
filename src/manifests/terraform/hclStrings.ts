/**
 * The value of an HCL string as Terraform sees it (escapes decoded, `<<-` heredoc
 * indentation removed), with the source offset of every character so that a
 * position inside the value (a JSON policy's `"*"`, say) maps back to the file.
 */
import type { Span } from './hclTree';

/** Stands for an interpolation or directive (`${...}`, `%{...}`) inside a template. */
export const TEMPLATE_HOLE = '\uE000';

export interface DecodedString {
  value: string;
  /** Source offset of each character of `value`, plus one entry for its end. */
  offsets: number[];
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function hexEscape(text: string, at: number, digits: number, end: number): string | undefined {
  if (at + digits > end) return undefined;
  const hex = text.slice(at, at + digits);
  if (!/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const code = parseInt(hex, 16);
  if (code > 0x10ffff) return undefined;
  return String.fromCodePoint(code);
}

/**
 * Decodes a template's literal text between `start` and `end`; `holes` (sorted,
 * inside the range) are interpolations/directives, each becoming one TEMPLATE_HOLE.
 * Quoted templates decode backslash escapes; heredocs do not, and `<<-` heredocs
 * (`stripIndent`) lose their common leading whitespace.
 */
export function decodeTemplate(
  text: string,
  start: number,
  end: number,
  holes: readonly Span[],
  form: 'quoted' | 'heredoc',
  stripIndent = 0,
): DecodedString {
  const chars: string[] = [];
  const offsets: number[] = [];
  let hole = 0;
  let atLineStart = form === 'heredoc';
  let i = start;
  while (i < end) {
    if (atLineStart && stripIndent > 0) {
      let stripped = 0;
      while (stripped < stripIndent && i < end && (text[i] === ' ' || text[i] === '\t')) {
        i++;
        stripped++;
      }
      atLineStart = false;
      continue;
    }
    atLineStart = false;
    const next = holes[hole];
    if (next && i >= next.start) {
      chars.push(TEMPLATE_HOLE);
      offsets.push(next.start);
      i = Math.max(i + 1, next.end);
      hole++;
      continue;
    }
    const c = text[i]!;
    if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
      // `$${` and `%%{` are the literal `${` and `%{`.
      chars.push(c, '{');
      offsets.push(i, i + 2);
      i += 3;
      continue;
    }
    if (form === 'quoted' && c === '\\' && i + 1 < end) {
      const e = text[i + 1]!;
      const simple = SIMPLE_ESCAPES[e];
      if (simple !== undefined) {
        chars.push(simple);
        offsets.push(i);
        i += 2;
        continue;
      }
      const digits = e === 'u' ? 4 : e === 'U' ? 8 : 0;
      const decoded = digits ? hexEscape(text, i + 2, digits, end) : undefined;
      if (decoded !== undefined) {
        for (let k = 0; k < decoded.length; k++) {
          chars.push(decoded[k]!);
          offsets.push(i);
        }
        i += 2 + digits;
        continue;
      }
    }
    chars.push(c);
    offsets.push(i);
    if (c === '\n') atLineStart = form === 'heredoc';
    i++;
  }
  offsets.push(end);
  return { value: chars.join(''), offsets };
}

/** The common leading whitespace of a `<<-` heredoc's lines (blank lines do not count). */
export function heredocIndent(text: string, start: number, end: number): number {
  let min = Infinity;
  let i = start;
  while (i < end) {
    let width = 0;
    while (i + width < end && (text[i + width] === ' ' || text[i + width] === '\t')) width++;
    let lineEnd = text.indexOf('\n', i);
    if (lineEnd < 0 || lineEnd > end) lineEnd = end;
    const blank = text.slice(i + width, lineEnd).trim() === '';
    if (!blank) min = Math.min(min, width);
    i = lineEnd + 1;
  }
  return min === Infinity ? 0 : min;
}
