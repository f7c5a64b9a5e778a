/**
 * A small JSON reader that keeps each value's position (for policies written as
 * JSON strings or heredocs). Positions are indices into the decoded string; the
 * string's `offsets` map them back to the file. TEMPLATE_HOLE characters (where
 * `${...}` interpolations were) read as unknown values, or make a JSON string
 * unknown. Invalid JSON gives undefined; depth is bounded.
 */
import { TEMPLATE_HOLE } from './hclStrings';

interface JsonBase {
  start: number;
  end: number;
}

export type JsonValue =
  | (JsonBase & { kind: 'object'; entries: Array<{ key: string; value: JsonValue }> })
  | (JsonBase & { kind: 'array'; items: JsonValue[] })
  | (JsonBase & { kind: 'string'; value: string })
  | (JsonBase & { kind: 'literal' })
  | (JsonBase & { kind: 'unknown' });

const MAX_DEPTH = 64;

class Reader {
  index = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.index < this.text.length && /[ \t\r\n]/.test(this.text[this.index]!)) this.index++;
  }

  value(depth: number): JsonValue | undefined {
    if (depth > MAX_DEPTH) return undefined;
    this.skipSpace();
    const start = this.index;
    const c = this.text[this.index];
    if (c === '{') return this.object(depth);
    if (c === '[') return this.array(depth);
    if (c === '"') return this.string();
    if (c === TEMPLATE_HOLE) {
      while (this.text[this.index] === TEMPLATE_HOLE) this.index++;
      return { kind: 'unknown', start, end: this.index };
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.text.slice(this.index, this.index + 64));
    if (!literal) return undefined;
    this.index += literal[0].length;
    return { kind: 'literal', start, end: this.index };
  }

  string(): JsonValue | undefined {
    const start = this.index;
    this.index++;
    let value = '';
    let hole = false;
    while (this.index < this.text.length) {
      const c = this.text[this.index]!;
      if (c === '"') {
        this.index++;
        return hole ? { kind: 'unknown', start, end: this.index } : { kind: 'string', value, start, end: this.index };
      }
      if (c === '\\') {
        const e = this.text[this.index + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          value += simple[e];
          this.index += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.index + 2, this.index + 6))) {
          value += String.fromCharCode(parseInt(this.text.slice(this.index + 2, this.index + 6), 16));
          this.index += 6;
          continue;
        }
        return undefined;
      }
      if (c === '\n') return undefined;
      if (c === TEMPLATE_HOLE) hole = true;
      value += c;
      this.index++;
    }
    return undefined;
  }

  array(depth: number): JsonValue | undefined {
    const start = this.index;
    this.index++;
    const items: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.index] === ']') {
      this.index++;
      return { kind: 'array', items, start, end: this.index };
    }
    for (;;) {
      const item = this.value(depth + 1);
      if (!item) return undefined;
      items.push(item);
      this.skipSpace();
      const c = this.text[this.index];
      this.index++;
      if (c === ']') return { kind: 'array', items, start, end: this.index };
      if (c !== ',') return undefined;
    }
  }

  object(depth: number): JsonValue | undefined {
    const start = this.index;
    this.index++;
    const entries: Array<{ key: string; value: JsonValue }> = [];
    this.skipSpace();
    if (this.text[this.index] === '}') {
      this.index++;
      return { kind: 'object', entries, start, end: this.index };
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.index] !== '"') return undefined;
      const key = this.string();
      if (!key) return undefined;
      this.skipSpace();
      if (this.text[this.index] !== ':') return undefined;
      this.index++;
      const value = this.value(depth + 1);
      if (!value) return undefined;
      if (key.kind === 'string') entries.push({ key: key.value, value });
      this.skipSpace();
      const c = this.text[this.index];
      this.index++;
      if (c === '}') return { kind: 'object', entries, start, end: this.index };
      if (c !== ',') return undefined;
    }
  }
}

/** The JSON document in `text`, or undefined when it is not valid JSON. */
export function parseJson(text: string): JsonValue | undefined {
  const reader = new Reader(text);
  const value = reader.value(0);
  if (!value) return undefined;
  reader.skipSpace();
  return reader.index === text.length ? value : undefined;
}
