/**
 * ARG/ENV variables as far as the Dockerfile itself decides them: defaults of ARG
 * and values of ENV. A value passed with `--build-arg` is unknowable here, so a
 * variable declared without a default (or one Docker predefines, like TARGETARCH)
 * is "unknown" and anything that depends on it is not judged.
 */

/** Variable name → value; `undefined` = declared, value unknown. Absent (`has` false) = not declared. */
export interface Scope {
  has(name: string): boolean;
  get(name: string): string | undefined;
}

/** Build arguments BuildKit defines by itself (platforms, proxies); their values depend on the build. */
const PREDEFINED = new Set([
  'BUILDPLATFORM',
  'BUILDOS',
  'BUILDARCH',
  'BUILDVARIANT',
  'TARGETPLATFORM',
  'TARGETOS',
  'TARGETARCH',
  'TARGETVARIANT',
  'TARGETSTAGE',
  'BUILDKIT_SBOM_SCAN_CONTEXT',
  'BUILDKIT_SBOM_SCAN_STAGE',
  'HTTP_PROXY',
  'http_proxy',
  'HTTPS_PROXY',
  'https_proxy',
  'FTP_PROXY',
  'ftp_proxy',
  'NO_PROXY',
  'no_proxy',
  'ALL_PROXY',
  'all_proxy',
]);

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const MAX_DEPTH = 8;

/** Whether the text refers to any variable at all (`$NAME` or `${...}`, not escaped). */
export function hasVariables(text: string, escape = '\\'): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === escape) i++;
    else if (c === '$' && (text[i + 1] === '{' || NAME.test(text.slice(i + 1, i + 2)))) return true;
  }
  return false;
}

/** The value of a variable reference; `undefined` when it cannot be known here. */
function lookup(name: string, scope: Scope): { known: true; set: boolean; value: string } | { known: false } {
  if (scope.has(name)) {
    const value = scope.get(name);
    return value === undefined ? { known: false } : { known: true, set: true, value };
  }
  if (PREDEFINED.has(name)) return { known: false };
  return { known: true, set: false, value: '' };
}

/** Index of the `}` closing the `${` whose `{` is at `open`, or -1. */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * Expands `$NAME`, `${NAME}`, `${NAME:-word}`, `${NAME-word}`, `${NAME:+word}` and
 * `${NAME+word}` as Docker does. Returns `undefined` when the result depends on a
 * value this file does not decide: a variable declared without a default, a
 * predefined build argument, or an operator we do not evaluate (`${NAME#x}`...).
 * A plain reference to a variable that is not declared at all is unknown too (it
 * is most likely a typo or provided by a tool we cannot see); with a `-`/`+`
 * operator it follows Docker (unset).
 */
export function expandVariables(text: string, scope: Scope, escape = '\\', depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === escape && text[i + 1] === '$') {
      out += '$';
      i++;
      continue;
    }
    if (c !== '$') {
      out += c;
      continue;
    }
    if (text[i + 1] === '{') {
      const close = closingBrace(text, i + 1);
      if (close < 0) return undefined;
      const inner = text.slice(i + 2, close);
      i = close;
      const name = NAME.exec(inner)?.[0];
      if (!name) return undefined;
      const rest = inner.slice(name.length);
      const found = lookup(name, scope);
      if (rest === '') {
        if (!found.known || !found.set) return undefined;
        out += found.value;
        continue;
      }
      const operator = /^(:?[-+])/.exec(rest)?.[1];
      if (!operator) return undefined;
      if (!found.known) return undefined;
      const word = rest.slice(operator.length);
      const colon = operator.startsWith(':');
      const present = colon ? found.set && found.value !== '' : found.set;
      const useWord = operator.endsWith('-') ? !present : present;
      if (operator.endsWith('-')) {
        if (!useWord) {
          out += found.value;
          continue;
        }
      } else if (!useWord) {
        continue;
      }
      const expanded = expandVariables(word, scope, escape, depth + 1);
      if (expanded === undefined) return undefined;
      out += expanded;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (!name) {
      out += c;
      continue;
    }
    i += name.length;
    const found = lookup(name, scope);
    if (!found.known || !found.set) return undefined;
    out += found.value;
  }
  return out;
}

/** Declares a variable in a scope being built: its value expanded with what is declared so far. */
export function declare(scope: Map<string, string | undefined>, name: string, value: string | null | undefined, escape = '\\'): void {
  if (!name) return;
  scope.set(name, value === null || value === undefined ? undefined : expandVariables(value, scope, escape));
}

/**
 * A word as Docker's shell lexer leaves it: quotes group, they are not part of the
 * value (`"root"` is root, `ADD "https://..."` downloads). Escaped quotes stay.
 */
export function withoutQuotes(word: string, escape = '\\'): string {
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word[i]!;
    if (c === escape && (word[i + 1] === '"' || word[i + 1] === "'")) {
      out += word[i + 1];
      i++;
    } else if (c !== '"' && c !== "'") out += c;
  }
  return out;
}
