/**
 * Each command's work, loaded when that command runs. Bundled, they are separate
 * files beside dist/cli.js (cli-lint.js brings the manifest parsers, cli-scan.js
 * the AWS SDK), so `--help` and `--version` compile a few kilobytes, not megabytes.
 * Unbundled (the transpiled tests), the module beside this one is loaded instead.
 * Computed paths keep esbuild from pulling them into cli.js.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as LintRun from './lintRun';
import type * as RecordRun from './recordRun';
import type * as RunbookCheckRun from './runbookCheckRun';
import type * as ScanRun from './scanRun';

function load<T>(bundle: string, source: string): T {
  const beside = path.join(__dirname, bundle);
  return require(existsSync(beside) ? beside : path.join(__dirname, source)) as T;
}

export const lintRun = () => load<typeof LintRun>('cli-lint.js', 'lintRun');
export const scanRun = () => load<typeof ScanRun>('cli-scan.js', 'scanRun');
export const runbookCheckRun = () => load<typeof RunbookCheckRun>('cli-runbook-check.js', 'runbookCheckRun');
export const recordRun = () => load<typeof RecordRun>('cli-record.js', 'recordRun');

