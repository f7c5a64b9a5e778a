// Harness check: `node out/test/host/selftest.js` runs a passing and a failing test
// module in the real extension host and exits 0 only when the harness reports
// both correctly (exit 0 with the test's side effect, then exit 1).
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { registerCleanup } from './cleanup';
import { hostLog } from './log';
import { runExtensionTests } from './runInHost';

// This file runs as out/test/host/selftest.js; the extension stays in the sources.
const extensionPath = resolve(__dirname, '..', '..', '..', 'test', 'host', 'selftest');

async function main(): Promise<number> {
  const scratch = mkdtempSync(join(tmpdir(), 'security-runbooks-host-selftest-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const unregister = registerCleanup({ stop: async () => removeScratch(), killNow: removeScratch });
  try {
    const workspace = join(scratch, 'workspace');
    mkdirSync(workspace);
    writeFileSync(join(workspace, 'README.md'), '# host selftest workspace\n');
    const results = join(scratch, 'results.json');
    const common = { extensionPath, workspace, timeoutMs: 120_000 };
    const problems: string[] = [];

    const passing = await runExtensionTests({
      ...common,
      testsEntry: join(extensionPath, 'passing.js'),
      env: { HOST_SELFTEST_RESULTS: results, HOST_SELFTEST_WORKSPACE: workspace },
    });
    if (passing.exitCode !== 0) problems.push(`passing run(): exit code ${passing.exitCode}, expected 0`);
    if (!passing.log.some((line) => line.includes('host selftest: VS Code 1.100.'))) problems.push("passing run(): its console output was not forwarded");
    const written = readResults(results);
    if (!written?.version?.startsWith('1.100.')) problems.push(`passing run(): results file ${JSON.stringify(written)}`);

    const failing = await runExtensionTests({ ...common, testsEntry: join(extensionPath, 'failing.js') });
    if (failing.exitCode !== 1) problems.push(`failing run(): exit code ${failing.exitCode}, expected 1`);

    for (const problem of problems) hostLog(`selftest FAILED: ${problem}`);
    if (problems.length === 0) hostLog('selftest passed: exit 0 for a resolving run(), 1 for a rejecting one');
    return problems.length === 0 ? 0 : 1;
  } finally {
    unregister();
    removeScratch();
  }
}

function readResults(path: string): { version?: string } | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as { version?: string };
  } catch {
    return undefined;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    hostLog(`selftest error: ${(error as Error).stack ?? String(error)}`);
    process.exit(1);
  },
);
