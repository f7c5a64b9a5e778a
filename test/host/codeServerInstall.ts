// Installs code-server (VS Code server + web workbench) into a tools directory
// outside the project with `npm install --prefix`. Not a project dependency (300 MB,
// native modules) and not `-g` (its postinstall runs a nested `npm install` of a
// package also named code-server, which breaks a global install).
//
// The install is cached: `<dir>/.installed.json` marks a verified install. Work
// happens in a staging directory next to `<dir>` that is renamed into place only
// after verification, so an interrupted or concurrent install never leaves a
// half-built `<dir>` behind.
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { hostLog, secondsSince } from './log';
import { run } from './proc';
import { npmPack, readFromTarball, ripgrepVersionFromShrinkwrap, seedRipgrepCache } from './ripgrepCache';

const MARKER = '.installed.json';
const STAGING_PREFIX = '.staging-';

interface InstallMarker {
  version: string;
  node: string;
  installedAt: string;
}

/** Where npm puts code-server's launcher inside an install directory. */
function codeServerBinIn(installDir: string): string {
  return join(installDir, 'node_modules', '.bin', 'code-server');
}

function vscodeDirIn(installDir: string): string {
  return join(installDir, 'node_modules', 'code-server', 'lib', 'vscode');
}

/** True when `installDir` holds a verified install of `version`. */
export function isInstalled(installDir: string, version: string): boolean {
  try {
    const marker = JSON.parse(readFileSync(join(installDir, MARKER), 'utf8')) as InstallMarker;
    return marker.version === version && existsSync(codeServerBinIn(installDir));
  } catch {
    return false;
  }
}

/** Installs code-server@`version` into `installDir` unless a verified install is there. Returns the launcher path. */
export async function installCodeServer(installDir: string, version: string): Promise<string> {
  if (isInstalled(installDir, version)) return codeServerBinIn(installDir);

  assertNodeMajor(20, version);
  const parent = dirname(installDir);
  mkdirSync(parent, { recursive: true });
  removeAbandonedStagingDirs(parent);
  if (existsSync(installDir)) {
    // Only a rename of a verified staging directory creates installDir, so one
    // without a valid marker is from an older harness or was tampered with.
    hostLog(`removing incomplete install at ${installDir}`);
    rmSync(installDir, { recursive: true, force: true });
  }

  const staging = join(parent, `${STAGING_PREFIX}${process.pid}-${Date.now()}`);
  mkdirSync(staging);
  // The log stays with the install (<installDir>/install.log), or next to it on failure.
  const logFile = join(staging, 'install.log');
  writeFileSync(logFile, `code-server@${version} install, ${new Date().toISOString()}\n`);
  hostLog(`installing code-server@${version} into ${installDir} (about a minute)`);
  const started = Date.now();
  try {
    await installInto(staging, version, logFile);
    await verifyInstall(staging, version, logFile);
    const marker: InstallMarker = { version, node: process.version, installedAt: new Date().toISOString() };
    writeFileSync(join(staging, MARKER), JSON.stringify(marker, null, 2) + '\n');
    rmSync(join(staging, 'tmp'), { recursive: true, force: true });
    promote(staging, installDir, version);
  } catch (error) {
    const failedLog = join(parent, `code-server-${version}-install-failed.log`);
    copyFileSync(logFile, failedLog);
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`Installing code-server@${version} failed (full log: ${failedLog}):\n${(error as Error).message}`);
  }
  hostLog(`code-server@${version} installed and verified in ${secondsSince(started)}`);
  return codeServerBinIn(installDir);
}

async function installInto(staging: string, version: string, logFile: string): Promise<void> {
  // A private TMPDIR: @vscode/ripgrep looks for its cached download there.
  const tmpDir = join(staging, 'tmp');
  mkdirSync(tmpDir, { recursive: true });
  const env = npmEnvironment(tmpDir);

  // Read which @vscode/ripgrep VS Code pins before installing, to seed its cache.
  const tarball = await npmPack(`code-server@${version}`, tmpDir, { env, logFile });
  const shrinkwrap = await readFromTarball(tarball, 'package/lib/vscode/npm-shrinkwrap.json', { env });
  await seedRipgrepCache(ripgrepVersionFromShrinkwrap(shrinkwrap), tmpDir, tmpDir, { env, logFile });
  rmSync(tarball);

  hostLog('npm install (code-server and its native modules; output goes to the log)');
  await run('npm', ['install', '--prefix', staging, `code-server@${version}`], { env, logFile, cwd: staging });
}

/** The environment for npm, handling code-server 4.100's install pitfalls. */
function npmEnvironment(tmpDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    // The node running this harness comes first, for npm and every install script
    // (code-server's postinstall insists on Node 20 and native modules are built for it).
    PATH: [dirname(process.execPath), process.env.PATH ?? ''].join(':'),
    TMPDIR: tmpDir,
    // code-server's postinstall.sh refuses to run as root unless this is "true"; it
    // reads the variable itself (npm 11 no longer has the option), so set it always.
    npm_config_unsafe_perm: 'true',
    // A native module's install script runs `npx node-gyp`; without `yes`, npx asks
    // for confirmation and, with no terminal, fails.
    npm_config_yes: 'true',
    // The install scripts are the point: native modules and code-server's postinstall,
    // which runs nested `npm install`s in lib/vscode and lib/vscode/extensions. npm 11
    // lists dependencies with scripts not approved by an `allowScripts` policy (and may
    // skip them: its docs say it will); the nested projects' package.json files cannot
    // be given a policy before their install starts, and `--allow-scripts` is rejected
    // in project installs. So, for this one tools install whose whole tree code-server's
    // shrinkwraps pin, use npm's switch that runs every install script, and override a
    // user config that skips scripts. verifyInstall() then proves the modules built.
    npm_config_dangerously_allow_all_scripts: 'true',
    npm_config_ignore_scripts: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
}

/** Native modules VS Code's server loads; each must `require()` in this Node. */
const NATIVE_MODULES = ['node-pty', '@vscode/spdlog', '@parcel/watcher', 'native-watchdog', 'kerberos'];

/** Proves the install works: code-server runs, native modules load, ripgrep runs. */
async function verifyInstall(installDir: string, version: string, logFile: string): Promise<void> {
  const vscodeDir = vscodeDirIn(installDir);
  const { stdout } = await run(process.execPath, [codeServerEntry(installDir), '--version'], { logFile });
  if (!stdout.includes(version)) throw new Error(`\`code-server --version\` printed ${JSON.stringify(stdout.trim())}, expected ${version}`);

  const requireAll = NATIVE_MODULES.map((m) => `require(${JSON.stringify(join(vscodeDir, 'node_modules', m))});`).join('');
  await run(process.execPath, ['-e', requireAll], { logFile });

  await run(join(vscodeDir, 'node_modules', '@vscode', 'ripgrep', 'bin', 'rg'), ['--version'], { logFile });

  for (const path of [join(vscodeDir, 'node_modules.asar'), join(vscodeDir, 'extensions', 'node_modules')]) {
    if (!existsSync(path)) throw new Error(`code-server's postinstall did not complete: ${path} is missing`);
  }
}

/** code-server's JavaScript entry point, to run with an explicit Node. */
function codeServerEntry(installDir: string): string {
  return join(installDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function promote(staging: string, installDir: string, version: string): void {
  try {
    renameSync(staging, installDir);
  } catch (error) {
    // Another process finished first: keep its install, drop ours.
    if (isInstalled(installDir, version)) {
      rmSync(staging, { recursive: true, force: true });
      return;
    }
    throw error;
  }
}

function assertNodeMajor(major: number, version: string): void {
  const running = Number(process.versions.node.split('.')[0]);
  if (running !== major) {
    throw new Error(`code-server@${version} installs only under Node ${major}; this is Node ${process.versions.node}`);
  }
}

/** Deletes staging directories whose installing process is gone. */
function removeAbandonedStagingDirs(parent: string): void {
  for (const entry of readdirSync(parent)) {
    const match = new RegExp(`^${STAGING_PREFIX}(\\d+)-`).exec(entry);
    if (!match || isAlive(Number(match[1]))) continue;
    hostLog(`removing abandoned ${join(parent, entry)}`);
    rmSync(join(parent, entry), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
