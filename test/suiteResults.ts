/** What every suite reports to the test runner (test/run.ts). */
export interface SuiteResults {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}
