/**
 * Runs the mocha suites in one folder inside the extension host and writes the
 * counts to the file named by SECURITY_RUNBOOKS_TEST_RESULTS for the test runner.
 */
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

import type { SuiteResults } from '../../suiteResults';

export type HostTestResults = SuiteResults;

export function runSuitesIn(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false, reporter: 'spec' });
  // SECURITY_RUNBOOKS_TEST_GREP=pattern runs only the matching tests (for debugging).
  if (process.env.SECURITY_RUNBOOKS_TEST_GREP) mocha.grep(process.env.SECURITY_RUNBOOKS_TEST_GREP);
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(path.join(dir, file));
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
