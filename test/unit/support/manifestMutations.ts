/**
 * Deterministic random mutations of manifest texts, for the fuzz test and the
 * parse-time benchmark: deletions, duplications, swapped lines, odd indentation,
 * truncation, and tokens that matter to YAML, Dockerfile and HCL parsers.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const TOKENS = [
  ':', ': ', '- ', '-', '{{', '}}', '{{- if .Values.x }}', '"', "'", '[', ']', '{', '}', '\n', '\r\n', '\t', '    ', '#', '# security-runbooks-ignore', '&a ', '*a', '!!str ', '!!binary ',
  'null', '~', '0', '-1', '1e999', 'true', 'ALL', '\\', '\\\n', 'FROM ', 'FROM', 'USER ', 'USER root', 'AS ', 'ADD http://x ', 'ENV A=', 'ARG ', 'HEALTHCHECK ',
  'resource "aws_db_instance" "x" {', 'dynamic "ingress" {', 'content {', '<<EOF\n', 'EOF\n', '${var.x}', 'jsonencode({', '= ', '==', '//', '/*', '*/',
  'apiVersion: v1\nkind: Pod\n', '---\n', '...\n', 'securityContext: ', 'containers: ', 'image: ', 'privileged: true', '\u0000', '\uFFFF', 'é', '😀', '\u2028',
];

/** mulberry32: small, fast, reproducible from a seed. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function mutateOnce(text: string, next: () => number): string {
  const at = Math.floor(next() * (text.length + 1));
  const span = Math.floor(next() * Math.min(80, text.length - at + 1));
  switch (Math.floor(next() * 7)) {
    case 0:
      return text.slice(0, at) + text.slice(at + span);
    case 1:
      return text.slice(0, at) + text.slice(at, at + span) + text.slice(at);
    case 2:
      return text.slice(0, at) + pick(next, TOKENS) + text.slice(at);
    case 3: {
      const lines = text.split('\n');
      const i = Math.floor(next() * lines.length);
      const j = Math.floor(next() * lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return lines.join('\n');
    }
    case 4: {
      const lines = text.split('\n');
      const i = Math.floor(next() * lines.length);
      lines[i] = ' '.repeat(Math.floor(next() * 9)) + (lines[i] ?? '').trimStart();
      return lines.join('\n');
    }
    case 5:
      return text.slice(0, at);
    default:
      return text.slice(0, at) + pick(next, TOKENS) + pick(next, TOKENS) + text.slice(at + span);
  }
}

/** One to three mutations of `text`. */
export function mutate(text: string, next: () => number): string {
  let result = text;
  const count = 1 + Math.floor(next() * 3);
  for (let i = 0; i < count; i++) result = mutateOnce(result, next);
  return result;
}

/** Every fixture file below a folder (recursively), with its text. */
export function fixtureFiles(dir: string): Array<{ file: string; text: string }> {
  const found: Array<{ file: string; text: string }> = [];
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) found.push(...fixtureFiles(file));
    else found.push({ file, text: readFileSync(file, 'utf8') });
  }
  return found;
}
