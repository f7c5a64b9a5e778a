import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { CellRunRequest, OutputStream } from '../../src/cells/cellRun';
import { groupAlive } from '../../src/cells/processGroup';
import { ShellExecutor } from '../../src/cells/shellExecutor';

const executor = new ShellExecutor({ bashPath: 'bash', cancelGraceMs: 500 });

function request(source: string, overrides: Partial<CellRunRequest> = {}): CellRunRequest & { output: { stream: OutputStream; text: string; at: number }[] } {
  const output: { stream: OutputStream; text: string; at: number }[] = [];
  return {
    source,
    cwd: tmpdir(),
    env: process.env,
    signal: new AbortController().signal,
    onOutput: (stream, text) => output.push({ stream, text, at: Date.now() }),
    output,
    ...overrides,
  };
}

const textOf = (output: { stream: OutputStream; text: string }[], stream: OutputStream): string =>
  output
    .filter((chunk) => chunk.stream === stream)
    .map((chunk) => chunk.text)
    .join('');

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('shell executor', function () {
  this.timeout(15_000);

  it('runs bash, separates stdout and stderr, and reports exit code 0 as success', async () => {
    const req = request('echo out; echo err >&2');
    const result = await executor.run(req);
    assert.equal(result.status, 'succeeded');
    assert.equal(result.exitCode, 0);
    assert.equal(textOf(req.output, 'stdout'), 'out\n');
    assert.equal(textOf(req.output, 'stderr'), 'err\n');
    assert.match(result.message, /^Exit code 0 after \d/);
  });

  it('reports a non-zero exit code as a failure', async () => {
    const result = await executor.run(request('echo partial; exit 7'));
    assert.equal(result.status, 'failed');
    assert.equal(result.exitCode, 7);
    assert.match(result.message, /Exit code 7/);
  });

  it('streams output as it arrives rather than at the end', async () => {
    const req = request('echo first; sleep 1; echo second');
    const started = Date.now();
    await executor.run(req);
    const first = req.output.find((chunk) => chunk.text.includes('first'));
    const second = req.output.find((chunk) => chunk.text.includes('second'));
    assert.ok(first && second, 'both lines arrived');
    assert.ok(first.at - started < 900, `first line arrived ${first.at - started} ms after start`);
    assert.ok(second.at - first.at >= 900, 'second line arrived about a second later');
  });

  it('runs in the given working folder with the given environment, non-interactively', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-cwd-'));
    const req = request('pwd; echo "$RUNBOOK_TEST_VALUE"; [ -t 0 ] && echo tty || echo no-tty; read -r line || echo no-stdin', {
      cwd: dir,
      env: { ...process.env, RUNBOOK_TEST_VALUE: 'from-env' },
    });
    await executor.run(req);
    assert.equal(textOf(req.output, 'stdout'), `${dir}\nfrom-env\nno-tty\nno-stdin\n`);
  });

  it('keeps multi-byte characters intact across chunk boundaries', async () => {
    const req = request(`printf '%s' "${'é✅'.repeat(20000)}"`);
    await executor.run(req);
    assert.equal(textOf(req.output, 'stdout'), 'é✅'.repeat(20000));
  });

  it('cancels: SIGINT to the whole group, and no process of the cell survives', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-cancel-'));
    const abort = new AbortController();
    const req = request('echo $$ > pid; sleep 60 & sleep 60; echo after', { cwd: dir, signal: abort.signal });
    const running = executor.run(req);
    await waitFor(() => existsSync(path.join(dir, 'pid')) && readFileSync(path.join(dir, 'pid'), 'utf8').trim() !== '');
    const groupId = Number(readFileSync(path.join(dir, 'pid'), 'utf8'));
    assert.ok(groupAlive(groupId));
    abort.abort();
    const result = await running;
    assert.equal(result.status, 'cancelled');
    assert.match(result.message, /^Cancelled after/);
    assert.equal(groupAlive(groupId), false, 'the background sleep was killed too');
    assert.ok(!textOf(req.output, 'stdout').includes('after'));
  });

  it('kills a cell that ignores SIGINT once the grace period ends', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sr-trap-'));
    const abort = new AbortController();
    const running = executor.run(request("trap '' INT; echo $$ > pid; sleep 60", { cwd: dir, signal: abort.signal }));
    await waitFor(() => existsSync(path.join(dir, 'pid')) && readFileSync(path.join(dir, 'pid'), 'utf8').trim() !== '');
    const groupId = Number(readFileSync(path.join(dir, 'pid'), 'utf8'));
    abort.abort();
    const result = await running;
    assert.equal(result.status, 'cancelled');
    assert.equal(result.exitSignal, 'SIGKILL');
    assert.equal(groupAlive(groupId), false);
  });

  it('stops a cell at its timeout and says so', async () => {
    const result = await executor.run(request('sleep 30', { timeoutMs: 200 }));
    assert.equal(result.status, 'timedOut');
    assert.match(result.message, /timeout of 200 ms was reached/);
  });

  it('does not start when already cancelled', async () => {
    const abort = new AbortController();
    abort.abort();
    const result = await executor.run(request('echo should-not-run', { signal: abort.signal }));
    assert.equal(result.status, 'cancelled');
  });

  it('gives a clear message when bash is missing', async () => {
    const missing = new ShellExecutor({ bashPath: '/nonexistent/bash', cancelGraceMs: 100 });
    const result = await missing.run(request('echo hi'));
    assert.equal(result.status, 'notRun');
    assert.match(result.message, /"\/nonexistent\/bash" was not found.*securityRunbooks\.shell\.path/);
  });

  it('gives a clear message when the working folder is gone', async () => {
    const result = await executor.run(request('echo hi', { cwd: path.join(tmpdir(), 'does-not-exist-sr') }));
    assert.equal(result.status, 'notRun');
    assert.match(result.message, /working folder .* does not exist/);
  });

  it('finishes promptly when a background job keeps the output pipe open', async () => {
    const started = Date.now();
    const result = await executor.run(request('sleep 5 & echo started'));
    assert.equal(result.status, 'succeeded');
    assert.ok(Date.now() - started < 4000, 'did not wait for the background job');
  });
});
