// Progress messages of the test host harness go to stderr, prefixed, so they
// never mix with test output on stdout.
export function hostLog(message: string): void {
  process.stderr.write(`[host] ${message}\n`);
}

/** Wall-clock seconds since `start` (a `Date.now()` value), for progress messages. */
export function secondsSince(start: number): string {
  return `${((Date.now() - start) / 1000).toFixed(1)} s`;
}
