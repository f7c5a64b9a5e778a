/**
 * The `security-runbooks` executable (package.json `bin`, bundled to dist/cli.js):
 * binds the real process to the command line in src/cli/main.ts.
 */
import { createInterface } from 'node:readline/promises';
import type { CliIo } from './cli/cliIo';
import { main } from './cli/main';
import { colourEnabled, createStyle } from './cli/style';

// The SDK warns on stderr about Node versions it will stop supporting; a pipeline's log is not the place.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const controller = new AbortController();
let interrupted = 0;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    // First Ctrl+C cancels the work in flight (the command then exits 2); a second one quits at once.
    if (++interrupted > 1) process.exit(130);
    controller.abort();
  });
}

// `security-runbooks lint | head`: the reader went away; stop quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
    throw error;
  });
}

const io: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  stdoutIsTTY: process.stdout.isTTY === true,
  stderrIsTTY: process.stderr.isTTY === true,
  outStyle: createStyle(colourEnabled(process.stdout.isTTY === true, process.env)),
  errStyle: createStyle(colourEnabled(process.stderr.isTTY === true, process.env)),
  env: process.env,
  cwd: process.cwd(),
  signal: controller.signal,
  ...(process.stdin.isTTY
    ? {
        prompt: async (question: string) => {
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          try {
            return await rl.question(question);
          } finally {
            rl.close();
          }
        },
      }
    : {}),
};

/** Exits once what was written has reached stdout and stderr: an idle socket of an SDK client must not keep a finished command alive. */
function exitWhenFlushed(code: number): void {
  process.exitCode = code;
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

main(process.argv.slice(2), io).then(exitWhenFlushed, (error: unknown) => {
  process.stderr.write(`security-runbooks: ${error instanceof Error ? error.message : String(error)}\n`);
  exitWhenFlushed(2);
});
