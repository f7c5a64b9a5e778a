/**
 * Fuzzed manifests: 10,000 random mutations of the rule fixtures (fixed seeds, so a
 * failure is reproducible) through each kind's linter directly — not through
 * lintManifest, which would turn a throw into a finding. No rule may throw, and
 * every finding must point inside the text. Parse times are measured by
 * bench/manifestLint.ts, not asserted here.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { LineIndex } from '../../src/manifests/lineIndex';
import { manifestKind } from '../../src/manifests/manifestKind';
import type { ManifestKind } from '../../src/manifests/model';
import { lintKind } from './support/lintKind';
import { fixtureFiles, mutate, random } from './support/manifestMutations';
import { repoRoot } from './support/paths';

const CASES = 10_000;

describe('fuzzed manifests', function () {
  this.timeout(300_000);

  it(`${CASES} mutated fixtures: no rule throws, every finding points inside the text`, async () => {
    const fixtures = fixtureFiles(path.join(repoRoot, 'test/fixtures/manifests'))
      .map((f) => ({ ...f, kind: manifestKind(f.file, f.text) ?? (/\.ya?ml$/.test(f.file) ? ('kubernetes' as const) : undefined) }))
      .filter((f): f is typeof f & { kind: ManifestKind } => f.kind !== undefined);
    assert.ok(fixtures.length >= 30, `fixtures found: ${fixtures.length}`);
    const failures: string[] = [];
    for (let seed = 0; seed < CASES; seed++) {
      const next = random(seed);
      const fixture = fixtures[seed % fixtures.length]!;
      const text = mutate(fixture.text, next);
      try {
        const findings = await lintKind(fixture.kind, text);
        const lines = new LineIndex(text);
        for (const finding of findings) {
          const { start, end } = finding.range;
          const within = (p: { line: number; character: number }) => p.line >= 0 && p.line < lines.lineCount && p.character >= 0 && p.character <= lines.lineText(p.line).length;
          const inside = within(start) && within(end) && lines.offset(start) <= lines.offset(end);
          if (!inside) failures.push(`seed ${seed} (${path.basename(fixture.file)}): ${finding.ruleId} range outside the text: ${JSON.stringify(finding.range)}`);
        }
      } catch (error) {
        failures.push(`seed ${seed} (${path.basename(fixture.file)}): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      if (failures.length >= 5) break;
    }
    assert.deepEqual(failures, []);
  });
});
