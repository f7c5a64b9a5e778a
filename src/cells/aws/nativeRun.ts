import { describeAwsError } from '../../aws/awsErrors';
import type { CellRunRequest, CellRunResult } from '../cellRun';
import { formatDuration } from '../duration';

/** Shared frame of the native cells: needs an AWS session, times the run, turns errors into messages. */
export async function runNativeCell(
  request: CellRunRequest,
  operation: string,
  body: (aws: NonNullable<CellRunRequest['aws']>, signal: AbortSignal) => Promise<{ ok: boolean; summary: string }>,
): Promise<CellRunResult> {
  const started = Date.now();
  const durationMs = () => Date.now() - started;
  const aws = request.aws;
  if (!aws) {
    return { status: 'notRun', durationMs: 0, message: 'Not run: this cell calls AWS and needs an AWS profile; choose one in the status bar.' };
  }
  try {
    const { ok, summary } = await body(aws, request.signal);
    if (request.signal.aborted) return { status: 'cancelled', durationMs: durationMs(), message: `Cancelled after ${formatDuration(durationMs())}. ${summary}`.trim() };
    return { status: ok ? 'succeeded' : 'failed', durationMs: durationMs(), message: `${summary} (${formatDuration(durationMs())})` };
  } catch (error) {
    if (request.signal.aborted) return { status: 'cancelled', durationMs: durationMs(), message: `Cancelled after ${formatDuration(durationMs())}.` };
    const endpoint = aws.clientConfig().endpoint;
    return {
      status: 'failed',
      durationMs: durationMs(),
      message: describeAwsError(error, { profile: aws.profile, region: aws.region, operation, ...(endpoint ? { endpoint } : {}) }),
    };
  }
}

/** A cell's own input error (bad body or attributes), reported before any AWS call. */
export function inputError(message: string): CellRunResult {
  return { status: 'failed', durationMs: 0, message: `Not run: ${message}` };
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done);
  });
}
