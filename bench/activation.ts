/**
 * Extension activation time in the real host (target < 50 ms): starts code-server
 * with the built extension several times, lets a probe activate it, and reads what
 * our code took: evaluating dist/extension.js (timed by the bundle's banner and
 * footer; V8's compile of the file is not included) plus running activate(). VS
 * Code's own work between the two (building the extension context) is not ours.
 * Also says whether the AWS SDK or manifest bundles were loaded (they must not be).
 * Run after a build: `node out/bench/activation.js [runs]`. Asserts nothing.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runExtensionTests } from '../test/host/runInHost';
import { ensureTools } from '../test/host/tools';

const repoRoot = path.resolve(__dirname, '../..');

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? 3);
  await ensureTools();
  const times: number[] = [];
  for (let run = 1; run <= runs; run++) {
    const workspace = mkdtempSync(path.join(tmpdir(), 'sr-activation-'));
    cpSync(path.join(repoRoot, 'runbooks'), workspace, { recursive: true });
    const resultFile = path.join(workspace, 'activation.json');
    try {
      const { exitCode, log } = await runExtensionTests({
        extensionPath: repoRoot,
        testsEntry: path.join(repoRoot, 'out/bench/activationProbe.js'),
        workspace,
        env: { SECURITY_RUNBOOKS_ACTIVATION_RESULT: resultFile },
      });
      if (exitCode !== 0) throw new Error(`the probe failed:\n${log.slice(-20).join('\n')}`);
      const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { activationMs: number; lazyBundlesLoaded: boolean };
      times.push(result.activationMs);
      console.log(`run ${run}: activation ${result.activationMs.toFixed(1)} ms; AWS SDK / manifest parsers loaded: ${result.lazyBundlesLoaded ? 'yes' : 'no'}`);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  }
  const sorted = [...times].sort((a, b) => a - b);
  console.log(`median activation ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms over ${runs} runs (target < 50 ms)`);
}

void main();
