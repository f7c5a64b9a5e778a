/**
 * Reading YAML nodes defensively: any node may be of any type (a `containers` that is
 * a string, `securityContext: null`, numbers as names), so every accessor checks and
 * none throws. Aliases are resolved through an anchor table built in one walk per
 * document (scanNodes, which also finds duplicate keys); merge keys (`<<: *defaults`)
 * are honoured with a depth and visit limit, so a self-referencing anchor cannot loop.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { MASK } from './templates';
import { partitionPoint } from '../partitionPoint';

export type Span = readonly [number, number];

export interface Found {
  /** The key node of the pair (to point at it). */
  key: Scalar;
  /** The value, aliases resolved (null or undefined when empty). */
  value: unknown;
  /** The value as written (maybe an alias). */
  raw: unknown;
  /** The pair is written in this very map (not merged in) and its value is neither an alias nor anchored. */
  direct: boolean;
}

const MAX_MERGE_DEPTH = 8;
const MAX_MERGE_VISITS = 64;

function rangeOf(node: unknown): [number, number, number] | undefined {
  const range = (node as { range?: unknown } | null | undefined)?.range;
  return Array.isArray(range) && typeof range[0] === 'number' && typeof range[1] === 'number' ? (range as [number, number, number]) : undefined;
}

/** The node's value span (without trailing comments), if it was parsed. */
export function spanOf(node: unknown): Span | undefined {
  const range = rangeOf(node);
  return range ? [range[0], Math.max(range[0], range[1])] : undefined;
}

export function anchorOf(node: unknown): string | undefined {
  const anchor = (node as { anchor?: unknown } | null | undefined)?.anchor;
  return typeof anchor === 'string' ? anchor : undefined;
}

type AnchorTable = Map<string, Array<{ at: number; node: unknown }>>;

export interface NodeScan {
  anchors: AnchorTable;
  /** The first key repeated in its mapping (YAML forbids it; Kubernetes rejects it). */
  duplicateKey?: unknown;
}

/**
 * One walk over a document's nodes (iterative, so deep nesting cannot overflow the
 * stack): its anchors, and its first duplicate key. Checking keys here, with a set
 * per mapping, keeps wide mappings linear (the parser's own check is quadratic).
 */
export function scanNodes(root: unknown): NodeScan {
  const anchors: AnchorTable = new Map();
  let duplicateKey: unknown;
  let duplicateAt = Number.MAX_SAFE_INTEGER;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    const anchor = anchorOf(node);
    if (anchor !== undefined && !isAlias(node)) {
      const list = anchors.get(anchor) ?? [];
      list.push({ at: rangeOf(node)?.[0] ?? 0, node });
      anchors.set(anchor, list);
    }
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items as Array<Pair<unknown, unknown>>) {
        const key = pair.key;
        if (isScalar(key) && key.value !== null && typeof key.value !== 'object') {
          const id = `${typeof key.value}:${String(key.value)}`;
          const at = rangeOf(key)?.[0] ?? 0;
          if (seen.has(id) && at < duplicateAt) {
            duplicateKey = key;
            duplicateAt = at;
          }
          seen.add(id);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) stack.push(item);
    }
  }
  for (const list of anchors.values()) list.sort((a, b) => a.at - b.at);
  return duplicateKey === undefined ? { anchors } : { anchors, duplicateKey };
}

/** The anchors and aliases of one document. */
export class DocumentNodes {
  constructor(private readonly anchors: AnchorTable) {}

  /** An alias's target (the latest definition of its anchor before it); anything else as is. */
  resolve(node: unknown): unknown {
    if (!isAlias(node)) return node;
    const list = this.anchors.get(node.source);
    if (!list) return undefined;
    const at = rangeOf(node)?.[0] ?? Number.MAX_SAFE_INTEGER;
    // The last definition starting at or before the alias (anchors may be redefined).
    const target = list[partitionPoint(list, (anchor) => anchor.at <= at) - 1]?.node;
    return isAlias(target) ? undefined : target;
  }

  map(node: unknown): YAMLMap | undefined {
    const resolved = this.resolve(node);
    return isMap(resolved) ? resolved : undefined;
  }

  seq(node: unknown): YAMLSeq | undefined {
    const resolved = this.resolve(node);
    return isSeq(resolved) ? resolved : undefined;
  }

  /** The pair for a string key of a mapping, own pairs first, then merge keys. */
  lookup(mapNode: unknown, key: string): Found | undefined {
    return this.lookupIn(mapNode, key, 0, { visits: 0 });
  }

  private lookupIn(mapNode: unknown, key: string, depth: number, budget: { visits: number }): Found | undefined {
    // The budget bounds merge chains that fan out (`<<: [*a, *a, ...]` at every level).
    if (++budget.visits > MAX_MERGE_VISITS) return undefined;
    const map = this.map(mapNode);
    if (!map) return undefined;
    let merges: unknown[] | undefined;
    for (const pair of map.items as Array<Pair<unknown, unknown>>) {
      const k = pair.key;
      if (!isScalar(k)) continue;
      if (k.value === key) {
        const raw = pair.value;
        return { key: k, raw, value: this.resolve(raw), direct: !isAlias(raw) && anchorOf(raw) === undefined };
      }
      if (k.value === '<<' && depth < MAX_MERGE_DEPTH) (merges ??= []).push(pair.value);
    }
    if (!merges) return undefined;
    for (const source of merges) {
      const resolved = this.resolve(source);
      const candidates = isSeq(resolved) ? resolved.items : [resolved];
      for (const candidate of candidates) {
        const found = this.lookupIn(candidate, key, depth + 1, budget);
        if (found) return { ...found, direct: false };
      }
    }
    return undefined;
  }

  /** The value of a key, aliases resolved. */
  get(mapNode: unknown, key: string): unknown {
    return this.lookup(mapNode, key)?.value;
  }

  /** The items of a sequence, aliases resolved (empty for anything else). */
  items(node: unknown): unknown[] {
    const seq = this.seq(node);
    return seq ? seq.items.map((item) => this.resolve(item)) : [];
  }
}

/** Whether a mapping has a merge key (`<<`). */
export function hasMergeKey(map: YAMLMap): boolean {
  return (map.items as Array<Pair<unknown, unknown>>).some((pair) => isScalar(pair.key) && pair.key.value === '<<');
}

/** A value set by a template (see templates.ts): never reported on. */
export function isUnknown(node: unknown): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value.includes(MASK);
}

/** Nothing there: missing, `null`, `~` or an empty value. */
export function isEmpty(node: unknown): boolean {
  return node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === undefined));
}

/** A scalar's text (numbers and booleans as written by JavaScript); undefined for anything else or an unknown value. */
export function textOf(node: unknown): string | undefined {
  if (!isScalar(node) || isUnknown(node)) return undefined;
  const value = node.value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

const YAML11_TRUE = /^(?:y|Y|yes|Yes|YES|on|On|ON)$/;
const YAML11_FALSE = /^(?:n|N|no|No|NO|off|Off|OFF)$/;

/** A boolean, including YAML 1.1's `yes`/`on`/`no`/`off` (Kubernetes reads YAML 1.1). */
export function boolOf(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && node.type === 'PLAIN' && !node.tag) {
    if (YAML11_TRUE.test(value)) return true;
    if (YAML11_FALSE.test(value)) return false;
  }
  return undefined;
}

/** An integer (a plain scalar of digits counts too). */
export function intOf(node: unknown): number | undefined {
  if (!isScalar(node)) return undefined;
  const value = node.value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'string' && node.type === 'PLAIN' && /^[+-]?\d{1,15}$/.test(value)) return Number(value);
  return undefined;
}

/** Where a pair's value is written (an alias where it is used), else its key when the value is empty. */
export function valueSpan(found: Found | undefined): Span | undefined {
  if (!found) return undefined;
  const span = spanOf(found.raw);
  return span && span[1] > span[0] && !isEmpty(found.raw) ? span : spanOf(found.key);
}
