/**
 * Scanning shell text: the bash lexical structure that shell-quote does not know.
 *
 * shell-quote tokenizes words, quotes and operators, but it treats a newline as a
 * blank, does not know `$(...)`, backticks, `${...}`, heredocs or line
 * continuations, and a `#` inside a word starts a comment that hides the rest of
 * the text. The scanner rewrites the source into one line shell-quote reads
 * correctly: newlines become `;` (or nothing after `|`, `&&`, `||`), comments and
 * heredoc bodies are removed, continuations joined, and every expansion is
 * replaced by a `${__rbN}` marker whose text is given back by the env function.
 * Command substitutions, process substitutions and expansions inside heredocs are
 * scanned recursively and classified as scripts of their own.
 *
 * Too deep a nesting is not scanned further; it is reported as a problem instead.
 * Pure: no `vscode`, no I/O; linear in the input.
 */
import { abbreviate, MAX_DEPTH, type Finding } from './riskFindings';

/** A command or process substitution, scanned as a script of its own. */
export interface Nested {
  label: string;
  script: Scanned;
}

/** Shell text rewritten for shell-quote, with what was taken out of it. */
export interface Scanned {
  text: string;
  values: string[];
  nested: Nested[];
  heredocs: string[];
  problems: Finding[];
}

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

const BLANKS = new Set([' ', '\t', '\r', '\f', '\v']);
const OPERATOR_CHARS = new Set([';', '&', '|', '<', '>']);
const KEYWORD_TAIL = /(?:^|[\s;&|(])(?:do|then|else|if|while|until|elif|for|time|coproc|!|\{)\s*$/;

/** Scans `text`, found at nesting `depth`, into one line shell-quote reads correctly. */
export function scanShell(text: string, depth: number): Scanned {
  const scanner = new Scanner(text, depth);
  scanner.run(0, false);
  return scanner.result();
}

class Scanner {
  private out = '';
  private last = '';
  private readonly values: string[] = [];
  private readonly nested: Nested[] = [];
  private readonly heredocs: string[] = [];
  private readonly problems: Finding[] = [];

  constructor(
    private readonly src: string,
    private readonly depth: number,
  ) {}

  result(): Scanned {
    return { text: this.out, values: this.values, nested: this.nested, heredocs: this.heredocs, problems: this.problems };
  }

  /** Scans from `start`; returns the index after the closing `)` (when `stopAtParen`) or the end. */
  run(start: number, stopAtParen: boolean): number {
    const src = this.src;
    const n = src.length;
    const pending: PendingHeredoc[] = [];
    let i = start;
    let wordStart = true;
    let parens = 0;
    while (i < n) {
      const c = src[i]!;
      if (c === '\\') {
        const next = src[i + 1];
        if (next === '\n') i += 2;
        else if (next === '\r' && src[i + 2] === '\n') i += 3;
        else if (next === undefined) i += 1;
        else {
          this.word(c + next);
          i += 2;
          wordStart = false;
        }
        continue;
      }
      if (c === "'") {
        const end = src.indexOf("'", i + 1);
        const stop = end === -1 ? n : end;
        this.word(`'${src.slice(i + 1, stop)}'`);
        i = stop + 1;
        wordStart = false;
        continue;
      }
      if (c === '"') {
        i = this.doubleQuoted(i + 1);
        wordStart = false;
        continue;
      }
      if (c === '`') {
        i = this.backtick(i + 1);
        wordStart = false;
        continue;
      }
      if (c === '$') {
        i = this.dollar(i, false);
        wordStart = false;
        continue;
      }
      if (c === '#') {
        if (wordStart) {
          const nl = src.indexOf('\n', i);
          i = nl === -1 ? n : nl;
        } else {
          this.word('\\#'); // a `#` inside a word is literal in bash; shell-quote would start a comment
          i += 1;
        }
        continue;
      }
      if ((c === '<' || c === '>') && src[i + 1] === '(') {
        i = this.substitution(i, i + 2);
        wordStart = false;
        continue;
      }
      if (c === '<' && src[i + 1] === '<') {
        if (src[i + 2] === '<') {
          this.op(' <<< ');
          i += 3;
        } else {
          i = this.heredocOperator(i, pending);
        }
        wordStart = true;
        continue;
      }
      if (c === '\n') {
        i += 1;
        if (pending.length > 0) {
          i = this.heredocBodies(i, pending);
          pending.length = 0;
        }
        // A line ending in `|`, `&&`, `||` or `(` continues; otherwise the newline ends a command.
        if (this.last === '|' || this.last === '&' || this.last === '(') this.out += ' ';
        else this.op(' ; ');
        wordStart = true;
        continue;
      }
      if (c === '(') {
        if (src[i + 1] === '(' && wordStart && this.atCommandPosition()) {
          // `(( arithmetic ))` as a command: not a command to classify.
          const end = skipBalanced(src, i);
          this.expansionsIn(src.slice(i + 2, end));
          this.word(' : ');
          i = end;
          wordStart = true;
          continue;
        }
        parens += 1;
        this.op('(');
        i += 1;
        wordStart = true;
        continue;
      }
      if (c === ')') {
        if (stopAtParen && parens === 0) return i + 1;
        parens = Math.max(0, parens - 1);
        this.op(')');
        i += 1;
        wordStart = true;
        continue;
      }
      if (wordStart && c >= '0' && c <= '9') {
        // `2>&1`, `2>/dev/null`: drop the descriptor number so it is not read as a word.
        let j = i;
        while (j < n && src[j]! >= '0' && src[j]! <= '9') j += 1;
        if (src[j] === '>' || src[j] === '<') {
          i = j;
          continue;
        }
      }
      if (BLANKS.has(c)) {
        this.out += ' ';
        i += 1;
        wordStart = true;
        continue;
      }
      if (OPERATOR_CHARS.has(c)) {
        this.op(c);
        i += 1;
        wordStart = true;
        continue;
      }
      this.word(c);
      i += 1;
      wordStart = false;
    }
    return n;
  }

  /** Scans only the expansions of `text` (a heredoc body, an arithmetic or `${...}` body): quotes and newlines mean nothing there. */
  private expansionsIn(text: string): void {
    if (text.length === 0) return;
    if (this.depth >= MAX_DEPTH) {
      if (/\$\(|`/.test(text)) this.problems.push({ risk: 'mutating', reason: 'commands nested too deeply to read' });
      return;
    }
    const inner = new Scanner(text, this.depth + 1);
    inner.runExpansionsOnly();
    this.nested.push(...inner.nested);
    this.problems.push(...inner.problems);
  }

  private runExpansionsOnly(): void {
    const src = this.src;
    let i = 0;
    while (i < src.length) {
      const c = src[i];
      if (c === '\\') i += 2;
      else if (c === '$') i = this.dollar(i, true);
      else if (c === '`') i = this.backtick(i + 1);
      else i += 1;
    }
  }

  private word(text: string): void {
    this.out += text;
    this.last = 'w';
  }

  private op(text: string): void {
    this.out += text;
    this.last = text.trim().slice(-1);
  }

  private marker(display: string): string {
    const index = this.values.push(display) - 1;
    return '${__rb' + index + '}';
  }

  private atCommandPosition(): boolean {
    if (this.last === '' || this.last === ';' || this.last === '&' || this.last === '|' || this.last === '(' || this.last === ')') return true;
    return KEYWORD_TAIL.test(this.out.slice(-12));
  }

  private doubleQuoted(start: number): number {
    const src = this.src;
    const n = src.length;
    let i = start;
    this.out += '"';
    while (i < n && src[i] !== '"') {
      const c = src[i]!;
      if (c === '\\') {
        const next = src[i + 1];
        if (next === undefined) i += 1;
        else if (next === '\n') i += 2;
        else {
          this.out += c + next;
          i += 2;
        }
      } else if (c === '$') {
        i = this.dollar(i, true);
      } else if (c === '`') {
        i = this.backtick(i + 1);
      } else {
        this.out += c;
        i += 1;
      }
    }
    this.word('"'); // an unterminated quote is closed: bash would not run what follows it
    return i < n ? i + 1 : n;
  }

  /** `$...` at `i`: command and arithmetic substitutions, `${...}`, `$'...'`, special parameters. */
  private dollar(i: number, inDoubleQuotes: boolean): number {
    const src = this.src;
    const next = src[i + 1];
    if (next === '(' && src[i + 2] === '(') {
      const end = skipBalanced(src, i + 1);
      this.expansionsIn(src.slice(i + 3, end));
      this.word(this.marker(abbreviate(src.slice(i, end))));
      return end;
    }
    if (next === '(') return this.substitution(i, i + 2);
    if (next === '{') {
      const end = skipBraces(src, i + 2);
      this.expansionsIn(src.slice(i + 2, end));
      this.word(this.marker(abbreviate(src.slice(i, end))));
      return end;
    }
    if (!inDoubleQuotes && next === "'") {
      const { end, value } = readAnsiC(src, i + 2);
      this.word(`'${value.replace(/'/g, "'\\''")}'`);
      return end;
    }
    if (!inDoubleQuotes && next === '"') return i + 1; // $"..." is a translated string
    if (next !== undefined && /[#@*?$!\-0-9]/.test(next)) {
      this.word('$' + next);
      return i + 2;
    }
    this.word('$');
    return i + 1;
  }

  /** `$(...)`, `<(...)` or `>(...)` starting at `i`, body at `bodyStart`. */
  private substitution(i: number, bodyStart: number): number {
    let end: number;
    if (this.depth >= MAX_DEPTH) {
      end = skipBalanced(this.src, bodyStart - 1);
      this.problems.push({ risk: 'mutating', reason: 'commands nested too deeply to read' });
    } else {
      const inner = new Scanner(this.src, this.depth + 1);
      end = inner.run(bodyStart, true);
      this.nested.push({ label: abbreviate(this.src.slice(i, end)), script: inner.result() });
    }
    this.word(this.marker(abbreviate(this.src.slice(i, end))));
    return end;
  }

  private backtick(start: number): number {
    const src = this.src;
    const n = src.length;
    let j = start;
    while (j < n && src[j] !== '`') j += src[j] === '\\' ? 2 : 1;
    const raw = src.slice(start, Math.min(j, n));
    const label = abbreviate('`' + raw + '`');
    if (this.depth >= MAX_DEPTH) {
      this.problems.push({ risk: 'mutating', reason: 'commands nested too deeply to read' });
    } else {
      const inner = new Scanner(raw.replace(/\\([\\`$])/g, '$1'), this.depth + 1);
      inner.run(0, false);
      this.nested.push({ label, script: inner.result() });
    }
    this.word(this.marker(label));
    return Math.min(j + 1, n);
  }

  /** `<<` or `<<-` at `i`: records the delimiter; the body is read at the end of the line. */
  private heredocOperator(i: number, pending: PendingHeredoc[]): number {
    const src = this.src;
    const n = src.length;
    let j = i + 2;
    let stripTabs = false;
    if (src[j] === '-') {
      stripTabs = true;
      j += 1;
    }
    while (j < n && (src[j] === ' ' || src[j] === '\t')) j += 1;
    let delimiter = '';
    let quoted = false;
    while (j < n) {
      const ch = src[j]!;
      if (BLANKS.has(ch) || ch === '\n' || OPERATOR_CHARS.has(ch) || ch === '(' || ch === ')') break;
      if (ch === "'" || ch === '"') {
        const end = src.indexOf(ch, j + 1);
        const stop = end === -1 ? n : end;
        delimiter += src.slice(j + 1, stop);
        quoted = true;
        j = stop + 1;
      } else if (ch === '\\') {
        quoted = true;
        if (j + 1 < n) delimiter += src[j + 1];
        j += 2;
      } else {
        delimiter += ch;
        j += 1;
      }
    }
    if (delimiter === '') {
      this.op(' << ');
      return i + 2;
    }
    pending.push({ delimiter, stripTabs, quoted });
    this.op(' << ');
    this.word(`'${delimiter.replace(/'/g, '')}' `);
    return Math.min(j, n);
  }

  private heredocBodies(start: number, pending: PendingHeredoc[]): number {
    const src = this.src;
    const n = src.length;
    let i = start;
    for (const heredoc of pending) {
      let body = '';
      while (i < n) {
        const nl = src.indexOf('\n', i);
        const line = src.slice(i, nl === -1 ? n : nl);
        i = nl === -1 ? n : nl + 1;
        let candidate = line.endsWith('\r') ? line.slice(0, -1) : line;
        if (heredoc.stripTabs) candidate = candidate.replace(/^\t+/, '');
        if (candidate === heredoc.delimiter) break;
        body += line + '\n';
      }
      this.heredocs.push(body);
      // An unquoted delimiter means bash expands the body: `$(...)` in it runs.
      if (!heredoc.quoted) this.expansionsIn(body);
    }
    return i;
  }
}

/**
 * From `start` at nesting `depth`, the index after the `close` that brings the
 * nesting to zero (or the end), skipping escapes and quoted strings; `openerAt(j)`
 * is the length of an opener at `j`, 0 where there is none.
 */
function skipNested(src: string, start: number, depth: number, openerAt: (j: number) => number, close: string): number {
  let j = start;
  while (j < src.length) {
    const ch = src[j];
    if (ch === '\\') {
      j += 2;
      continue;
    }
    if (ch === "'" || ch === '"') {
      j = skipQuoted(src, j);
      continue;
    }
    const opener = openerAt(j);
    if (opener > 0) {
      depth += 1;
      j += opener;
      continue;
    }
    if (ch === close) {
      depth -= 1;
      if (depth <= 0) return j + 1;
    }
    j += 1;
  }
  return src.length;
}

/** From an opening `(` at `i`, the index after its matching `)` (or the end), skipping quotes. */
function skipBalanced(src: string, i: number): number {
  return skipNested(src, i, 0, (j) => (src[j] === '(' ? 1 : 0), ')');
}

/** From just after `${`, the index after the matching `}` (or the end). */
function skipBraces(src: string, start: number): number {
  return skipNested(src, start, 1, (j) => (src[j] === '$' && src[j + 1] === '{' ? 2 : 0), '}');
}

function skipQuoted(src: string, j: number): number {
  const quote = src[j];
  let k = j + 1;
  while (k < src.length && src[k] !== quote) k += quote === '"' && src[k] === '\\' ? 2 : 1;
  return Math.min(k + 1, src.length);
}

const ANSI_SIMPLE: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v' };

/** `$'...'` body from `start`: its end and its value. */
function readAnsiC(src: string, start: number): { end: number; value: string } {
  const n = src.length;
  let j = start;
  while (j < n && src[j] !== "'") j += src[j] === '\\' ? 2 : 1;
  const body = src.slice(start, Math.min(j, n));
  const value = body.replace(/\\(x[0-9a-fA-F]{1,2}|u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8}|[0-7]{1,3}|c[\s\S]|[\s\S])/g, (whole, escape: string) => {
    const kind = escape[0]!;
    if (kind === 'x' || kind === 'u' || kind === 'U') {
      const code = parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    if (kind >= '0' && kind <= '7') return String.fromCharCode(parseInt(escape, 8) & 0xff);
    if (kind === 'c' && escape.length === 2) return String.fromCharCode(escape.charCodeAt(1) & 0x1f);
    return ANSI_SIMPLE[kind] ?? kind;
  });
  return { end: Math.min(j + 1, n), value };
}
