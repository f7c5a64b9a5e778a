/**
 * Entry point the workbench loads inside the real extension host (as
 * `extensionTestsPath`). Runs the integration suites with mocha and writes the
 * counts to the file named by SECURITY_RUNBOOKS_TEST_RESULTS for the test runner.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export interface HostTestResults {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // SECURITY_RUNBOOKS_TEST_GREP=pattern runs only the matching tests (for debugging).
  if (process.env.SECURITY_RUNBOOKS_TEST_GREP) mocha.grep(process.env.SECURITY_RUNBOOKS_TEST_GREP);
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(__dirname, file));
  }
  const results: HostTestResults = { passed: 0, failed: 0, failures: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const resultsFile = process.env.SECURITY_RUNBOOKS_TEST_RESULTS;
      if (resultsFile) writeFileSync(resultsFile, JSON.stringify(results, null, 2));
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => results.passed++);
    runner.on('fail', (test, error: Error) => {
      results.failed++;
      results.failures.push({ title: test.fullTitle(), error: error?.stack ?? String(error) });
    });
  });
}
