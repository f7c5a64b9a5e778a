/**
 * Minimal text edits that make a YAML mapping hold wanted entries, in the file's own
 * style: block mappings get new lines at their keys' column (children one indent
 * step deeper, the file's line endings); flow mappings and lists get `, key: value`
 * after their last entry. Wrong scalars are replaced in place; everything else is
 * kept. Anything that cannot be edited safely — an alias, an anchored node (the edit
 * would change every place that refers to it), a merge key, a tag, a block scalar,
 * a tab or a tag before a key, a mapping where a scalar is wanted — fails the whole plan,
 * and no fix is offered.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Pair, YAMLMap, YAMLSeq } from 'yaml';
import type { LineIndex } from '../lineIndex';
import type { TextEdit } from '../model';
import { anchorOf, hasMergeKey, isEmpty, spanOf } from './yamlNodes';

export type Want =
  /** A scalar, written as `text` unless `ok` accepts what is there. */
  | { type: 'scalar'; text: string; ok: (node: unknown) => boolean }
  | { type: 'map'; entries: ReadonlyArray<readonly [string, Want]> }
  /** A list holding an item (appended unless some item passes `has`). */
  | { type: 'seqWith'; item: string; has: (item: unknown) => boolean };

interface PendingEdit {
  start: number;
  end: number;
  text: string;
}

function ownPair(map: YAMLMap, key: string): Pair<unknown, unknown> | undefined {
  return (map.items as Array<Pair<unknown, unknown>>).find((pair) => isScalar(pair.key) && pair.key.value === key);
}

export class EditPlan {
  private readonly edits: PendingEdit[] = [];
  private failed = false;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    /** The file's indentation step. */
    private readonly unit: number,
  ) {}

  private fail(): false {
    this.failed = true;
    return false;
  }

  private shared(node: unknown): boolean {
    return isAlias(node) || anchorOf(node) !== undefined || (isScalar(node) && node.tag !== undefined);
  }

  /**
   * The column of a block key or `-` at an offset; undefined unless only spaces and
   * sequence dashes precede it on its line (a tab, a tag, an anchor or `?` would make
   * the column a poor guide to the indentation).
   */
  private column(offset: number): number | undefined {
    const position = this.lines.position(offset);
    const before = this.lines.lineText(position.line).slice(0, position.character);
    return /^ *(?:- +)*$/.test(before) ? position.character : undefined;
  }

  private eolAround(offset: number): string {
    const line = this.lines.position(offset).line;
    const end = this.lines.lineEnd(line);
    if (this.text[end] === '\r') return this.text[end + 1] === '\n' ? '\r\n' : '\r';
    if (this.text[end] === '\n') return '\n';
    const first = this.text.search(/\r\n|\n|\r/);
    return first < 0 ? '\n' : this.text[first] === '\r' ? (this.text[first + 1] === '\n' ? '\r\n' : '\r') : '\n';
  }

  /** New lines after the line where `offset` falls (or before it, when it starts a line). */
  private insertLines(offset: number, newLines: string[]): void {
    const position = this.lines.position(offset);
    if (position.character === 0 && offset > 0) {
      const eol = this.eolAround(offset - 1);
      this.edits.push({ start: offset, end: offset, text: newLines.map((line) => line + eol).join('') });
    } else {
      const at = this.lines.lineEnd(position.line);
      const eol = this.eolAround(offset);
      this.edits.push({ start: at, end: at, text: newLines.map((line) => eol + line).join('') });
    }
  }

  private renderBlock(key: string, want: Want, column: number): string[] {
    const pad = ' '.repeat(column);
    if (want.type === 'scalar') return [`${pad}${key}: ${want.text}`];
    if (want.type === 'map') return [`${pad}${key}:`, ...want.entries.flatMap(([k, w]) => this.renderBlock(k, w, column + this.unit))];
    return [`${pad}${key}:`, `${' '.repeat(column + this.unit)}- ${want.item}`];
  }

  private renderFlow(want: Want): string {
    if (want.type === 'scalar') return want.text;
    if (want.type === 'map') return `{${want.entries.map(([k, w]) => `${k}: ${this.renderFlow(w)}`).join(', ')}}`;
    return `[${want.item}]`;
  }

  /** Makes a mapping hold the wanted entries; false (and the whole plan fails) when that cannot be done safely. */
  patchMap(map: YAMLMap, entries: ReadonlyArray<readonly [string, Want]>): boolean {
    if (this.failed) return false;
    if (this.shared(map) || hasMergeKey(map)) return this.fail();
    const missing: Array<readonly [string, Want]> = [];
    for (const entry of entries) {
      const pair = ownPair(map, entry[0]);
      if (!pair) missing.push(entry);
      else if (!this.patchValue(map, pair, entry[1])) return this.fail();
    }
    return missing.length === 0 || this.insertEntries(map, missing);
  }

  private patchValue(parent: YAMLMap, pair: Pair<unknown, unknown>, want: Want): boolean {
    const value = pair.value;
    if (this.shared(value)) return this.fail();
    if (want.type === 'scalar') {
      if (want.ok(value)) return true;
      return isScalar(value) ? this.replaceScalar(value, want.text) : this.fail();
    }
    if (want.type === 'map' && isMap(value)) return this.patchMap(value, want.entries);
    if (want.type === 'seqWith' && isSeq(value)) return value.items.some((item) => want.has(item)) || this.appendToSeq(value, want.item);
    if (isScalar(value) && isEmpty(value)) return this.replaceEmpty(parent, pair, value, want);
    return this.fail();
  }

  private replaceScalar(value: unknown, text: string): boolean {
    if (!isScalar(value) || value.type === 'BLOCK_LITERAL' || value.type === 'BLOCK_FOLDED') return this.fail();
    const span = spanOf(value);
    if (!span) return this.fail();
    if (span[0] === span[1]) {
      // An empty value: keep a space before a comment that follows (`key: # note`).
      const before = this.text[span[0] - 1];
      const after = this.text[span[0]];
      const lead = before !== undefined && /\s/.test(before) ? '' : ' ';
      const trail = after !== undefined && !/\s/.test(after) ? ' ' : '';
      this.edits.push({ start: span[0], end: span[0], text: `${lead}${text}${trail}` });
    } else {
      this.edits.push({ start: span[0], end: span[1], text });
    }
    return true;
  }

  /** `key:`, `key: null` or `key: ~` becoming a mapping or a list. */
  private replaceEmpty(parent: YAMLMap, pair: Pair<unknown, unknown>, value: unknown, want: Want): boolean {
    if (parent.flow) return this.replaceScalar(value, this.renderFlow(want));
    const keySpan = spanOf(pair.key);
    const valueSpan = spanOf(value);
    if (!keySpan || !valueSpan || valueSpan[1] < keySpan[1]) return this.fail();
    const between = this.text.slice(keySpan[1], valueSpan[1]);
    const column = this.column(keySpan[0]);
    if (column === undefined || /[\r\n]/.test(between) || !between.includes(':')) return this.fail();
    // A comment after the empty value stays on the key's line.
    const lineEnd = this.lines.lineEnd(this.lines.position(valueSpan[1]).line);
    const rest = this.text.slice(valueSpan[1], lineEnd).trim();
    if (rest !== '' && !rest.startsWith('#')) return this.fail();
    const children = this.renderBlock('', want, column).slice(1);
    const eol = this.eolAround(keySpan[0]);
    this.edits.push({ start: keySpan[1], end: lineEnd, text: `:${rest ? ` ${rest}` : ''}${children.map((line) => eol + line).join('')}` });
    return true;
  }

  private insertEntries(map: YAMLMap, entries: ReadonlyArray<readonly [string, Want]>): boolean {
    const pairs = map.items as Array<Pair<unknown, unknown>>;
    if (map.flow) {
      const rendered = entries.map(([k, w]) => `${k}: ${this.renderFlow(w)}`).join(', ');
      const last = pairs[pairs.length - 1];
      if (!last) {
        const open = spanOf(map)?.[0];
        if (open === undefined || this.text[open] !== '{') return this.fail();
        this.edits.push({ start: open + 1, end: open + 1, text: rendered });
        return true;
      }
      const end = spanOf(last.value ?? last.key)?.[1];
      if (end === undefined) return this.fail();
      this.edits.push({ start: end, end, text: `, ${rendered}` });
      return true;
    }
    const first = pairs[0];
    const last = pairs[pairs.length - 1];
    const keyStart = first ? spanOf(first.key)?.[0] : undefined;
    const end = last ? spanOf(last.value ?? last.key)?.[1] : undefined;
    const column = keyStart === undefined ? undefined : this.column(keyStart);
    if (column === undefined || end === undefined) return this.fail();
    this.insertLines(end, entries.flatMap(([k, w]) => this.renderBlock(k, w, column)));
    return true;
  }

  private appendToSeq(seq: YAMLSeq, item: string): boolean {
    if (this.shared(seq)) return this.fail();
    const items = seq.items;
    const last = items[items.length - 1];
    if (seq.flow) {
      if (last === undefined) {
        const open = spanOf(seq)?.[0];
        if (open === undefined || this.text[open] !== '[') return this.fail();
        this.edits.push({ start: open + 1, end: open + 1, text: item });
        return true;
      }
      const end = spanOf(last)?.[1];
      if (end === undefined) return this.fail();
      this.edits.push({ start: end, end, text: `, ${item}` });
      return true;
    }
    const start = spanOf(seq)?.[0];
    const end = spanOf(last)?.[1];
    const column = start === undefined ? undefined : this.column(start);
    if (column === undefined || end === undefined || this.text[start!] !== '-') return this.fail();
    this.insertLines(end, [`${' '.repeat(column)}- ${item}`]);
    return true;
  }

  /** The edits, insertions at one offset joined in the order they were planned; undefined if the plan failed. */
  result(): TextEdit[] | undefined {
    if (this.failed || this.edits.length === 0) return undefined;
    const sorted = this.edits.map((edit, order) => ({ ...edit, order })).sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
    const merged: PendingEdit[] = [];
    for (const edit of sorted) {
      const previous = merged[merged.length - 1];
      if (previous && previous.start === edit.start && previous.end === edit.start && edit.end === edit.start) {
        previous.text += edit.text;
        continue;
      }
      if (previous && edit.start < previous.end) return undefined;
      merged.push({ start: edit.start, end: edit.end, text: edit.text });
    }
    return merged.map((edit) => ({ range: this.lines.range(edit.start, edit.end), newText: edit.text }));
  }
}

/** The file's indentation step, read off a block mapping nested in an object's root. */
export function indentUnit(root: YAMLMap, lines: LineIndex): number {
  for (const pair of root.items as Array<Pair<unknown, unknown>>) {
    const value = pair.value;
    if (!isMap(value) || value.flow) continue;
    const child = (value.items as Array<Pair<unknown, unknown>>)[0];
    const parentKey = spanOf(pair.key)?.[0];
    const childKey = child ? spanOf(child.key)?.[0] : undefined;
    if (parentKey === undefined || childKey === undefined) continue;
    const step = lines.position(childKey).character - lines.position(parentKey).character;
    if (step >= 1 && step <= 8) return step;
  }
  return 2;
}
