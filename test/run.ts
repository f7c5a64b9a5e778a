/**
 * `npm test`: runs every test and ends with one plain summary line, `N passed, N failed`.
 *   1. unit tests (mocha, plain Node) over the pure modules;
 *   2. integration tests inside a real VS Code (code-server + headless Chromium),
 *      against the built extension in dist/.
 * The host suite fails loudly — it is counted as a failure, never skipped — when
 * the host cannot be installed or started.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Mocha from 'mocha';
import type { SuiteResults } from './suiteResults';
import { ensureTools } from './host/tools';
import { runExtensionTests } from './host/runInHost';
import { runUiTests } from './e2e/uiTests';
import { runPackageTests } from './package/packageInstall';
import { runFirstFiveMinutes } from './e2e/firstFiveMinutes';
import { startAwsForHost } from './aws-backend/hostAws';

interface Tally {
  suite: string;
  passed: number;
  failed: number;
}

const repoRoot = path.resolve(__dirname, '../..');

async function runUnitTests(): Promise<Tally> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, reporter: 'spec' });
  const dir = path.join(repoRoot, 'out/test/unit');
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(path.join(dir, file));
  const tally: Tally = { suite: 'unit', passed: 0, failed: 0 };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', () => tally.passed++);
    runner.on('fail', () => tally.failed++);
  });
  return tally;
}

/** A fresh copy of a fixture workspace (plus the shipped runbooks), so tests may edit and save freely. */
function prepareWorkspace(fixture: string, withShippedRunbooks: boolean): string {
  const workspace = mkdtempSync(path.join(tmpdir(), 'sr-workspace-'));
  cpSync(path.join(repoRoot, 'test/fixtures', fixture), workspace, { recursive: true });
  if (withShippedRunbooks) {
    for (const name of readdirSync(path.join(repoRoot, 'runbooks'))) {
      cpSync(path.join(repoRoot, 'runbooks', name), path.join(workspace, name));
    }
  }
  return workspace;
}

interface HostSuite {
  suite: string;
  /** Folder under out/test whose index.js the extension host loads. */
  entry: string;
  fixture: string;
  trustWorkspace: boolean;
  withShippedRunbooks: boolean;
}

const HOST_SUITES: HostSuite[] = [
  { suite: 'integration (VS Code extension host)', entry: 'integration', fixture: 'workspace', trustWorkspace: true, withShippedRunbooks: true },
  { suite: 'integration, untrusted workspace', entry: 'untrusted', fixture: 'untrusted-workspace', trustWorkspace: false, withShippedRunbooks: false },
];

/** Prints a suite's failures and counts its results. */
function tallyOf(suite: string, results: SuiteResults): Tally {
  for (const failure of results.failures) console.error(`\n[test] FAILED in ${suite}: ${failure.title}\n${failure.error}`);
  return { suite, passed: results.passed, failed: results.failed };
}

async function runHostSuite(spec: HostSuite, awsEnv: Record<string, string>): Promise<Tally> {
  const tally: Tally = { suite: spec.suite, passed: 0, failed: 0 };
  const resultsDir = mkdtempSync(path.join(tmpdir(), 'sr-results-'));
  const resultsFile = path.join(resultsDir, 'results.json');
  const workspace = prepareWorkspace(spec.fixture, spec.withShippedRunbooks);
  try {
    await ensureTools();
    const { exitCode } = await runExtensionTests({
      extensionPath: repoRoot,
      testsEntry: path.join(repoRoot, 'out/test', spec.entry, 'index.js'),
      workspace,
      trustWorkspace: spec.trustWorkspace,
      env: { ...awsEnv, SECURITY_RUNBOOKS_TEST_RESULTS: resultsFile },
    });
    if (!existsSync(resultsFile)) {
      console.error(`[test] ${spec.suite}: the extension host exited with code ${exitCode} without reporting results`);
      tally.failed++;
      return tally;
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults;
    Object.assign(tally, tallyOf(spec.suite, results));
    if (exitCode !== 0 && results.failed === 0) {
      console.error(`[test] ${spec.suite}: the host reported no failures but exited with code ${exitCode}`);
      tally.failed++;
    }
  } catch (error) {
    console.error(`[test] ${spec.suite}: the VS Code host could not run the tests: ${error instanceof Error ? error.stack : String(error)}`);
    tally.failed++;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(resultsDir, { recursive: true, force: true });
  }
  return tally;
}

/** UI tests: drive the workbench with playwright as a person would (Quick Open, Run All, rendered outputs). */
/**
 * Crash safety in the real host: phase 1 finishes a cell, starts a long one and
 * SIGKILLs its own extension host; phase 2 opens the same workspace in a new host
 * and checks the journal.
 */
async function runCrashSuite(awsEnv: Record<string, string>): Promise<Tally> {
  const suite = 'crash safety (extension host killed mid-run)';
  const workspace = prepareWorkspace('crash-workspace', false);
  const resultsDir = mkdtempSync(path.join(tmpdir(), 'sr-results-'));
  const resultsFile = path.join(resultsDir, 'results.json');
  try {
    await ensureTools();
    // Phase 1 never reports: its host dies. A short time-out ends it; the marker file says whether it got that far.
    await runExtensionTests({ extensionPath: repoRoot, testsEntry: path.join(repoRoot, 'out/test/crash/killHost.js'), workspace, env: awsEnv, timeoutMs: 20_000 });
    const { exitCode } = await runExtensionTests({
      extensionPath: repoRoot,
      testsEntry: path.join(repoRoot, 'out/test/crash/index.js'),
      workspace,
      env: { ...awsEnv, SECURITY_RUNBOOKS_TEST_RESULTS: resultsFile },
    });
    if (!existsSync(resultsFile)) return { suite, passed: 0, failed: 1 };
    const tally = tallyOf(suite, JSON.parse(readFileSync(resultsFile, 'utf8')) as SuiteResults);
    return exitCode !== 0 && tally.failed === 0 ? { ...tally, failed: 1 } : tally;
  } catch (error) {
    console.error(`[test] ${suite}: ${error instanceof Error ? error.stack : String(error)}`);
    return { suite, passed: 0, failed: 1 };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(resultsDir, { recursive: true, force: true });
  }
}

async function runUiSuite(awsEnv: Record<string, string>): Promise<Tally> {
  const results = await runUiTests(awsEnv);
  return tallyOf('end-to-end UI (workbench in Chromium)', results);
}

async function runPackageSuite(): Promise<Tally> {
  console.log('\npackaging');
  const results = await runPackageTests();
  return tallyOf('packaging (.vsix)', results);
}

async function runFirstFiveMinutesSuite(): Promise<Tally> {
  console.log('\nthe first five minutes (packaged .vsix, demo account)');
  return tallyOf('end-to-end first five minutes (packaged .vsix)', await runFirstFiveMinutes());
}

async function main(): Promise<void> {
  const only = process.argv[2];
  const tallies: Tally[] = [];
  if (only === 'first-five') {
    tallies.push(await runFirstFiveMinutesSuite());
    for (const tally of tallies) console.log(`${tally.suite}: ${tally.passed} passed, ${tally.failed} failed`);
    process.exitCode = tallies.some((t) => t.failed > 0) ? 1 : 0;
    return;
  }
  if (only !== 'host') tallies.push(await runUnitTests());
  if (only !== 'unit') {
    let aws: Awaited<ReturnType<typeof startAwsForHost>> | undefined;
    try {
      aws = await startAwsForHost();
    } catch (error) {
      console.error(`[test] the AWS test backend could not start: ${error instanceof Error ? error.message : String(error)}`);
      tallies.push({ suite: 'AWS test backend', passed: 0, failed: 1 });
    }
    try {
      for (const spec of HOST_SUITES) tallies.push(await runHostSuite(spec, aws?.env ?? {}));
      tallies.push(await runCrashSuite(aws?.env ?? {}));
      tallies.push(await runUiSuite(aws?.env ?? {}));
    } finally {
      await aws?.backend.stop();
    }
  }
  if (only !== 'unit') tallies.push(await runPackageSuite());
  if (only !== 'unit') tallies.push(await runFirstFiveMinutesSuite());
  console.log('');
  for (const tally of tallies) console.log(`${tally.suite}: ${tally.passed} passed, ${tally.failed} failed`);
  const passed = tallies.reduce((sum, t) => sum + t.passed, 0);
  const failed = tallies.reduce((sum, t) => sum + t.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

void main();
