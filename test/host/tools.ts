// The external tools the real-VS-Code tests need: code-server 4.100.3 (VS Code
// 1.100.3, the newest release that runs on Node 20) and Debian's Chromium to
// open its workbench. Both are installed on first use and cached.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { installCodeServer, isInstalled } from './codeServerInstall';
import { which } from './proc';
import { SystemCommand, ensureSystemCommands } from './systemPackages';

export const CODE_SERVER_VERSION = '4.100.3';

export interface HostTools {
  /** code-server's launcher (a Node script). */
  codeServerBin: string;
  /** Debian's `chromium`, driven through playwright-core (which never downloads a browser). */
  chromiumPath: string;
}

/** The tools cache: $SECURITY_RUNBOOKS_TOOLS_DIR, else ${XDG_CACHE_HOME:-~/.cache}/security-runbooks. */
export function toolsRoot(): string {
  const override = process.env.SECURITY_RUNBOOKS_TOOLS_DIR;
  if (override) return override;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'security-runbooks');
}

export function codeServerInstallDir(): string {
  return join(toolsRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

const CHROMIUM: SystemCommand = { command: 'chromium', debianPackage: 'chromium', neededFor: 'opening the VS Code workbench' };

/** What building code-server's native modules and seeding ripgrep need. */
const CODE_SERVER_BUILD: SystemCommand[] = [
  { command: 'rg', debianPackage: 'ripgrep', neededFor: "@vscode/ripgrep's offline install" },
  { command: 'krb5-config', debianPackage: 'libkrb5-dev', neededFor: 'building the kerberos native module' },
  { command: 'make', debianPackage: 'build-essential', neededFor: 'building native modules' },
  { command: 'g++', debianPackage: 'build-essential', neededFor: 'building native modules' },
  { command: 'python3', debianPackage: 'python3', neededFor: 'node-gyp' },
  { command: 'tar', debianPackage: 'tar', neededFor: 'reading npm tarballs' },
];

let pending: Promise<HostTools> | undefined;

/** Installs (once, cached across runs) and returns code-server and Chromium. */
export function ensureTools(): Promise<HostTools> {
  pending ??= resolveTools().catch((error: unknown) => {
    pending = undefined;
    throw error;
  });
  return pending;
}

/** Installs (once, cached) and returns code-server's launcher alone: what `npm start` needs (no browser). */
export async function ensureCodeServer(): Promise<string> {
  const installDir = codeServerInstallDir();
  if (!isInstalled(installDir, CODE_SERVER_VERSION)) await ensureSystemCommands(CODE_SERVER_BUILD);
  return installCodeServer(installDir, CODE_SERVER_VERSION);
}

async function resolveTools(): Promise<HostTools> {
  const installDir = codeServerInstallDir();
  const needsBuild = !isInstalled(installDir, CODE_SERVER_VERSION);
  // One apt-get run for everything missing (apt holds a lock, so never two at once).
  await ensureSystemCommands(needsBuild ? [CHROMIUM, ...CODE_SERVER_BUILD] : [CHROMIUM]);
  const codeServerBin = await installCodeServer(installDir, CODE_SERVER_VERSION);
  const chromiumPath = which('chromium');
  if (!chromiumPath) throw new Error('`chromium` is not on PATH');
  return { codeServerBin, chromiumPath };
}
