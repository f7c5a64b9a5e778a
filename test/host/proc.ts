// Running helper commands (npm, apt-get, tar) with their output captured, so a
// failure can be reported with the command line and the tail of its output.
import { spawn } from 'node:child_process';
import { appendFileSync, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Append the command line and all output to this file as well. */
  logFile?: string;
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

const TAIL_LINES = 40;

export class CommandError extends Error {
  constructor(
    readonly command: string,
    readonly exitCode: number | null,
    readonly output: string,
  ) {
    const tail = output.trimEnd().split('\n').slice(-TAIL_LINES).join('\n');
    super(`\`${command}\` failed (exit ${exitCode ?? 'by signal'}). Last output:\n${tail}`);
  }
}

/** Runs a command to completion; rejects with a CommandError on a non-zero exit. */
export function run(command: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  const commandLine = [command, ...args].join(' ');
  const log = (text: string) => options.logFile && appendFileSync(options.logFile, text);
  log(`\n$ ${commandLine}\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let combined = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
      combined += chunk;
      log(chunk.toString());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
      combined += chunk;
      log(chunk.toString());
    });
    child.on('error', (error) => reject(new Error(`Cannot run \`${commandLine}\`: ${error.message}`)));
    child.on('close', (code) => {
      if (code === 0) resolve({ stdout, stderr });
      else reject(new CommandError(commandLine, code, combined));
    });
  });
}

/** The absolute path of an executable found on PATH, like `which`, or undefined. */
export function which(name: string, pathVariable = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      const stats = statSync(candidate);
      if (stats.isFile() && (stats.mode & 0o111) !== 0) return candidate;
    } catch {
      // Missing or unreadable: try the next PATH entry, as a shell would.
    }
  }
  return undefined;
}

export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}
