import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './paths';

/** The built executable: dist/cli.js, or SECURITY_RUNBOOKS_CLI (a build into another folder). */
export const cliPath = process.env.SECURITY_RUNBOOKS_CLI ? path.resolve(process.env.SECURITY_RUNBOOKS_CLI) : path.join(repoRoot, 'dist/cli.js');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd?: string;
  /** Added to a clean environment (no colour variables, no AWS_* of the person running the tests). */
  env?: Record<string, string | undefined>;
  /** Written to stdin, which is then closed. */
  input?: string;
  /** Kills the process (SIGKILL) after this long; the run then reports code null. Default 60 s. */
  timeoutMs?: number;
}

/** The environment a pipeline would give the CLI: PATH and HOME, nothing that changes its behaviour. */
function cleanEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(AWS_|NO_COLOR$|FORCE_COLOR$|SECURITY_RUNBOOKS_)/.test(key)) continue;
    env[key] = value;
  }
  return env;
}

/** Runs `node dist/cli.js ...args` as a child process, as a pipeline step would (no terminal). */
export function runCli(args: readonly string[], options: CliRunOptions = {}): Promise<CliRun> {
  const env: Record<string, string> = cleanEnvironment();
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { cwd: options.cwd ?? repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.stdin.end(options.input ?? '');
  });
}
