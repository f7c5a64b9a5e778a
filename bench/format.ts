/**
 * Runbook format throughput: parse and serialize a large realistic runbook, and the
 * round trip of every corpus file. Run after a build: `node out/bench/format.js`.
 * Prints figures; asserts nothing about time (timings belong in closing notes, not tests).
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { parseRunbook } from '../src/runbook/parse';
import { serializeRunbook } from '../src/runbook/serialize';

const repoRoot = path.resolve(__dirname, '../..');

function timeIt(label: string, iterations: number, fn: () => void): void {
  fn(); // warm up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  const perRunMs = Number(process.hrtime.bigint() - start) / 1e6 / iterations;
  console.log(`${label}: ${perRunMs.toFixed(3)} ms per run (${iterations} runs)`);
}

const shipped = readFileSync(path.join(repoRoot, 'runbooks/cis-enablement.runbook.md'), 'utf8');
const body = shipped.slice(shipped.indexOf('\n# ') + 1);
const large = shipped + body.repeat(Math.ceil(1_000_000 / body.length));
const cells = parseRunbook(large).cells.length;
console.log(`large runbook: ${(large.length / 1e6).toFixed(2)} MB, ${cells} cells`);

timeIt('parse shipped runbook (5 KB)', 500, () => parseRunbook(shipped));
timeIt('parse + serialize shipped runbook', 500, () => serializeRunbook(parseRunbook(shipped)));
timeIt('parse 1 MB runbook', 10, () => parseRunbook(large));
const parsed = parseRunbook(large);
timeIt('serialize 1 MB runbook', 10, () => serializeRunbook(parsed));

const corpusDir = path.join(repoRoot, 'test/unit/corpus');
const corpus = readdirSync(corpusDir).map((name) => readFileSync(path.join(corpusDir, name), 'utf8'));
timeIt(`round trip of the whole corpus (${corpus.length} files)`, 50, () => corpus.forEach((text) => serializeRunbook(parseRunbook(text))));
