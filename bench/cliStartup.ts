/**
 * How long the command line takes, as a pipeline step pays it: a fresh Node process
 * each time. `--version` (dispatch only: the commands' bundles are not loaded),
 * `lint` on the project's test fixtures (the manifest parsers' bundle), and a bare
 * `node -e 0` for the floor. Medians of 7 runs.
 * Run after a production build (`npm run package`, or `node scripts/build.mjs
 * --production`): `node out/bench/cliStartup.js`. Asserts nothing.
 */
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const cli = path.join(repoRoot, 'dist/cli.js');
const RUNS = 7;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function timeCommand(args: string[]): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'ignore' });
    samples.push(performance.now() - started);
    if (run.status !== 0 && run.status !== 1) throw new Error(`${args.join(' ')} exited ${run.status}`);
  }
  return median(samples);
}

const size = (file: string) => `${(statSync(path.join(repoRoot, 'dist', file)).size / 1024).toFixed(0)} KB`;
console.log(`dist/cli.js ${size('cli.js')}; cli-lint.js ${size('cli-lint.js')}; cli-scan.js ${size('cli-scan.js')}`);
console.log(`node -e 0                               ${timeCommand(['-e', '0']).toFixed(0)} ms`);
console.log(`security-runbooks --version             ${timeCommand([cli, '--version']).toFixed(0)} ms`);
console.log(`security-runbooks lint test/fixtures    ${timeCommand([cli, 'lint', 'test/fixtures', '--format', 'json']).toFixed(0)} ms`);
