/**
 * What the shell risk modules exchange: a `Finding` (one risk with its reason),
 * the nesting cap that keeps classification linear, and small helpers shared by
 * the scanner, the script walker and the per-program rules.
 *
 * Pure: no `vscode`, no I/O.
 */
import type { Risk } from './risk';

/** One observation about shell text: how risky something in it is, and why. */
export interface Finding {
  risk: Risk;
  reason: string;
}

/** Beyond this depth of `$(...)`, `eval`, `bash -c`, `xargs`..., text is not read further (and is at least mutating). */
export const MAX_DEPTH = 12;

export const read = (reason: string): Finding[] => [{ risk: 'read', reason }];
export const mutating = (reason: string): Finding[] => [{ risk: 'mutating', reason }];
export const destructive = (reason: string): Finding[] => [{ risk: 'destructive', reason }];

/** `text` on one line, cut to `max` characters with an ellipsis. */
export function abbreviate(text: string, max = 48): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** From `start`, the index of the first word after the options (`valueOptions` take a value; `--` ends them). */
export function skipOptions(words: string[], start: number, valueOptions: ReadonlySet<string>): number {
  let i = start;
  while (i < words.length) {
    const w = words[i]!;
    if (w === '--') return i + 1;
    if (!w.startsWith('-') || w === '-') break;
    i += valueOptions.has(w) ? 2 : 1;
  }
  return Math.min(i, words.length);
}
