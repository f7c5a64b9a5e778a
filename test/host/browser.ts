// Launches Debian's Chromium through playwright-core (which never downloads a
// browser of its own when given an executablePath).
import { Browser, chromium } from 'playwright-core';

/**
 * Flags beyond playwright's defaults. playwright-core itself adds --headless and
 * a fresh temporary --user-data-dir per launch (it refuses one in `args`).
 */
const CHROMIUM_FLAGS = [
  '--no-sandbox', // Chromium's sandbox cannot start as root or in most containers
  '--disable-gpu', // no GPU here; avoids GPU-process crashes and fallbacks
  // Offline machine: no QUIC probing, no Google services, no component or sync
  // downloads that would only time out in the background.
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless: process.env.SECURITY_RUNBOOKS_HEADED !== '1',
    args: CHROMIUM_FLAGS,
    // The harness stops Chromium itself together with code-server (see cleanup.ts);
    // playwright's own signal handlers would exit before code-server is stopped.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}
