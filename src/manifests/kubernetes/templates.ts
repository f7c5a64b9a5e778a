/**
 * TEMPLATE handling (Go/Helm `{{ ... }}`): a file with templates must never give a
 * wall of false errors. Before parsing, every template expression is classified by
 * where it stands on its line and replaced by text of the same length (line breaks
 * kept), so every offset — and so every finding's position — stays right:
 *
 * - inline: inside a scalar value (`image: "{{ .Values.image }}"`, `- name: {{ .x }}`,
 *   `labels: {{- include "x.labels" . | nindent 4 }}` after its key). Masked with
 *   U+E000 (a private-use character YAML accepts in any scalar), so the value parses
 *   as a string; a value containing it is *unknown*: no rule reports on it, and a
 *   mapping or list given by such a value (`securityContext: {{ toYaml ... }}`) is
 *   unknown as a whole, so no key is reported missing from it.
 * - structural: a whole line (`{{- if .Values.x }}`, `{{- toYaml .Values.sc | nindent 12 }}`),
 *   a key (`{{ .Values.k }}: v`), or an expression spanning lines. Replaced by spaces,
 *   and the document holding it is not checked at all: what it renders to cannot be
 *   known without rendering.
 * - comment: after `#`; masked, and harmless.
 *
 * A document that holds a template and does not parse is not checked either (it is
 * not reported as a syntax error). One SR-TEMPLATE info finding per file, at the first
 * template that cost a check, says which documents were skipped and which values were
 * treated as unknown (see templateSummary in lintContext.ts); a file whose templates
 * cost nothing (names, annotations, ConfigMap data) gets none.
 */
import { partitionPoint } from '../partitionPoint';

/** Stands in for each character of an inline template (one UTF-16 unit, like `{`). */
export const MASK = '\uE000';

export type TemplatePlace = 'inline' | 'structural' | 'comment';

export interface TemplateSpan {
  start: number;
  end: number;
  place: TemplatePlace;
}

export interface TemplateScan {
  /** The text with every template replaced (same length, same line breaks). */
  masked: string;
  /** Every template, in order of position. */
  spans: TemplateSpan[];
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** `,[]{}#:` and white space end a key candidate after a template. */
function endsKeyCandidate(ch: string | undefined): boolean {
  return ch === undefined || ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}' || ch === '#' || ch === ':' || isSpace(ch.charCodeAt(0));
}

/** What precedes a template on its line is read from at most this many characters back (very long lines stay linear). */
const PREFIX_WINDOW = 256;

function classify(text: string, lineStart: number, start: number, end: number): TemplatePlace {
  const prefix = text.slice(Math.max(lineStart, start - PREFIX_WINDOW), start);
  if (/(?:^|[ \t])#/.test(prefix)) return 'comment';
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) return 'structural';
  }
  // A key: the template (with what sticks to it) is followed by `:` and white space.
  let j = end;
  while (j < text.length && !endsKeyCandidate(text[j])) j++;
  if (text[j] === ':' && (j + 1 >= text.length || /[\s,\]}]/.test(text[j + 1]!))) return 'structural';
  const body = prefix.replace(/^[ \t]*(?:-[ \t]+)*/, '');
  if (body === '') return /-[ \t]+$/.test(prefix) ? 'inline' : 'structural';
  if (/^\?(?:[ \t]|$)/.test(body)) return 'structural';
  if (/:(?:[ \t]|$)/.test(body) || /^[[{]/.test(body)) return 'inline';
  return 'structural';
}

/** Finds and masks the templates of a text; undefined when it has none. */
export function scanTemplates(text: string): TemplateScan | undefined {
  let open = text.indexOf('{{');
  if (open < 0) return undefined;
  const spans: TemplateSpan[] = [];
  const pieces: string[] = [];
  let copied = 0;
  // Line starts and the closing `}}` are tracked as templates are found in order, so
  // even a huge single line full of `{{` is scanned in linear time.
  let lineStart = 0;
  let nextNewline = text.indexOf('\n');
  let unterminated = false;
  while (open >= 0) {
    while (nextNewline >= 0 && nextNewline < open) {
      lineStart = nextNewline + 1;
      nextNewline = text.indexOf('\n', lineStart);
    }
    const close = unterminated ? -1 : text.indexOf('}}', open + 2);
    let end: number;
    let place: TemplatePlace;
    if (close < 0) {
      // Unterminated (and so is every later one): up to the end of its line, never trusted.
      unterminated = true;
      end = nextNewline < 0 ? text.length : nextNewline;
      place = 'structural';
    } else {
      end = close + 2;
      place = classify(text, lineStart, open, end);
    }
    spans.push({ start: open, end, place });
    pieces.push(text.slice(copied, open));
    let replacement = '';
    const fill = place === 'structural' ? ' ' : MASK;
    for (let i = open; i < end; i++) {
      const c = text.charCodeAt(i);
      replacement += c === 10 || c === 13 ? text[i] : fill;
    }
    pieces.push(replacement);
    copied = end;
    open = text.indexOf('{{', end);
  }
  pieces.push(text.slice(copied));
  return { masked: pieces.join(''), spans };
}

/** The first template span overlapping [start, end), by binary search. */
export function templateIn(spans: readonly TemplateSpan[], start: number, end: number): TemplateSpan | undefined {
  const span = spans[partitionPoint(spans, (s) => s.end <= start)];
  return span && span.start < Math.max(end, start + 1) ? span : undefined;
}
