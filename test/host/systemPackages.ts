// Executables the harness needs from the operating system. When one is missing
// and we are root on Debian, its package is installed with apt-get; otherwise we
// fail with the exact packages to install.
import { hostLog, secondsSince } from './log';
import { isRoot, run, which } from './proc';

export interface SystemCommand {
  /** Executable looked up on PATH. */
  command: string;
  /** Debian package that provides it. */
  debianPackage: string;
  /** What needs it, for the error message. */
  neededFor: string;
}

let aptIndexUpdated = false;

/** Makes sure every command is on PATH, installing missing ones with apt-get when root. */
export async function ensureSystemCommands(commands: SystemCommand[]): Promise<void> {
  const missing = commands.filter((c) => !which(c.command));
  if (missing.length === 0) return;

  const packages = [...new Set(missing.map((c) => c.debianPackage))];
  const describe = missing.map((c) => `\`${c.command}\` (${c.neededFor})`).join(', ');
  if (!isRoot() || !which('apt-get')) {
    throw new Error(
      `Missing ${describe}. Install the Debian/Ubuntu package(s): sudo apt-get install -y ${packages.join(' ')}`,
    );
  }

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const started = Date.now();
  if (!aptIndexUpdated) {
    hostLog('apt-get update');
    await run('apt-get', ['update'], { env });
    aptIndexUpdated = true;
  }
  hostLog(`apt-get install -y ${packages.join(' ')} (for ${describe})`);
  await run('apt-get', ['install', '-y', ...packages], { env });
  hostLog(`installed ${packages.join(' ')} in ${secondsSince(started)}`);

  const stillMissing = missing.filter((c) => !which(c.command));
  if (stillMissing.length > 0) {
    throw new Error(`apt-get installed ${packages.join(' ')} but ${stillMissing.map((c) => c.command).join(', ')} is still not on PATH`);
  }
}
