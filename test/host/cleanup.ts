// Makes sure child processes the harness starts (code-server's process group,
// Chromium) are stopped when the harness is interrupted or crashes, not only on
// the happy path. While anything is registered, SIGINT/SIGTERM/SIGHUP stop it all
// and then exit with 128+signal; a plain `exit` runs the synchronous fallbacks.
import { constants } from 'node:os';

export interface Cleanup {
  /** Graceful stop; awaited on signals. */
  stop(): Promise<void>;
  /** Last resort during `process.on('exit')`, where nothing async can run. */
  killNow(): void;
}

const registered = new Set<Cleanup>();
const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

function onExit(): void {
  for (const cleanup of registered) cleanup.killNow();
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  process.stderr.write(`[host] ${signal}: stopping code-server and Chromium\n`);
  await Promise.allSettled([...registered].map((cleanup) => cleanup.stop()));
  process.exit(128 + (constants.signals[signal] ?? 0));
}

function installHandlers(): void {
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

function removeHandlers(): void {
  process.off('exit', onExit);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}

/** Registers a cleanup until the returned function is called. */
export function registerCleanup(cleanup: Cleanup): () => void {
  if (registered.size === 0) installHandlers();
  registered.add(cleanup);
  return () => {
    registered.delete(cleanup);
    if (registered.size === 0) removeHandlers();
  };
}
