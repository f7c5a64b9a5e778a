/**
 * Manifest diagnostics speed (targets in the brief):
 *   1. a 5,000-line multi-document Kubernetes manifest: YAML parse alone vs the full
 *      lint (parse + every rule); the difference is what the rules cost (target < 20 ms);
 *   2. a workspace of 1,000 manifests (Kubernetes, Dockerfiles, Terraform, built from
 *      the rule fixtures) read from disk and linted one after another (target < 2 s);
 *   3. parse + lint time of each of the fuzz test's 10,000 mutated fixtures: the
 *      slowest and the 99th percentile (the issue asks that none takes over 100 ms).
 * Run after a build: `node out/bench/manifestLint.js`. Asserts nothing.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { lintManifest } from '../src/manifests/lint';
import { manifestKind } from '../src/manifests/manifestKind';
import type { ManifestKind } from '../src/manifests/model';
import { lintKind } from '../test/unit/support/lintKind';
import { fixtureFiles, mutate, random } from '../test/unit/support/manifestMutations';

const FIXTURES = path.resolve(__dirname, '../../test/fixtures/manifests');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time<T>(run: () => T): [number, T] {
  const started = performance.now();
  const result = run();
  return [performance.now() - started, result];
}

async function timeAsync<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

/** Whole documents of the fixtures (split at their own `---` lines), repeated until `lines` lines. */
function bigManifest(kubernetes: string[], lines: number): string {
  const pieces = kubernetes.flatMap((text) => text.split(/^---[^\n]*$/m).map((doc) => doc.trim()).filter((doc) => /^kind:/m.test(doc)));
  const documents: string[] = [];
  let count = 0;
  for (let i = 0; count < lines; i++) {
    const doc = pieces[i % pieces.length]!;
    documents.push(doc);
    count += doc.split('\n').length + 1;
  }
  return documents.join('\n---\n') + '\n';
}

async function main(): Promise<void> {
  const fixtures = fixtureFiles(FIXTURES).map((f) => ({ ...f, kind: manifestKind(f.file, f.text) }));
  const kubernetes = fixtures.filter((f) => f.kind === 'kubernetes' && !f.text.includes('{{')).map((f) => f.text);

  // 1. 5,000 lines
  const text = bigManifest(kubernetes, 5000);
  const lineCount = text.split('\n').length;
  await lintManifest({ path: 'big.yaml', text }); // warm up
  const parse: number[] = [];
  const lint: number[] = [];
  let findings = 0;
  for (let run = 0; run < 15; run++) {
    parse.push(time(() => parseAllDocuments(text))[0]);
    const [ms, result] = await timeAsync(() => lintManifest({ path: 'big.yaml', text }));
    lint.push(ms);
    findings = result.findings.length;
  }
  console.log(`5,000-line manifest (${lineCount} lines, ${text.split('\n---\n').length} documents, ${findings} findings):`);
  console.log(`  YAML parse alone ${median(parse).toFixed(1)} ms · full lint ${median(lint).toFixed(1)} ms · rules beyond the parse ${(median(lint) - median(parse)).toFixed(1)} ms (target < 20 ms)`);

  // 2. 1,000 files
  const dir = mkdtempSync(path.join(tmpdir(), 'sr-bench-manifests-'));
  const usable = fixtures.filter((f) => f.kind !== undefined);
  const files: string[] = [];
  for (let i = 0; i < 1000; i++) {
    const fixture = usable[i % usable.length]!;
    const name = fixture.kind === 'dockerfile' ? `${i}.Dockerfile` : fixture.kind === 'terraform' ? `${i}.tf` : `${i}.yaml`;
    writeFileSync(path.join(dir, name), fixture.text);
    files.push(path.join(dir, name));
  }
  const kinds: Record<string, number> = {};
  const [workspaceMs, total] = await timeAsync(async () => {
    let count = 0;
    for (const file of files) {
      const result = await lintManifest({ path: file, text: readFileSync(file, 'utf8') });
      kinds[result.kind ?? 'none'] = (kinds[result.kind ?? 'none'] ?? 0) + 1;
      count += result.findings.length;
    }
    return count;
  });
  rmSync(dir, { recursive: true, force: true });
  console.log(`1,000-file workspace (${Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(', ')}): ${workspaceMs.toFixed(0)} ms, ${total} findings (target < 2 s)`);

  // 3. fuzz parse times
  const cases = fixtures.filter((f): f is typeof f & { kind: ManifestKind } => f.kind !== undefined);
  const times: Record<ManifestKind, number[]> = { kubernetes: [], dockerfile: [], terraform: [] };
  for (let seed = 0; seed < 10_000; seed++) {
    const next = random(seed);
    const fixture = cases[seed % cases.length]!;
    const mutated = mutate(fixture.text, next);
    const [ms] = await timeAsync(() => lintKind(fixture.kind, mutated).catch(() => []));
    times[fixture.kind].push(ms);
  }
  for (const [kind, list] of Object.entries(times)) {
    const sorted = [...list].sort((a, b) => a - b);
    console.log(`fuzz ${kind}: ${list.length} cases, median ${median(list).toFixed(2)} ms, p99 ${sorted[Math.floor(sorted.length * 0.99)]!.toFixed(2)} ms, slowest ${sorted[sorted.length - 1]!.toFixed(2)} ms (limit 100 ms)`);
  }
}

void main();
