// code-server's VS Code depends on @vscode/ripgrep, whose postinstall downloads
// an `rg` release from GitHub (unreachable here). Before downloading it looks for
// `$TMPDIR/vscode-ripgrep-cache-<package version>/ripgrep-<tag>-<target>.tar.gz`,
// so we put a tarball there holding the `rg` of Debian's `ripgrep` package.
// The package version and the release tag are read from the packages themselves,
// never hard-coded, so a different code-server version keeps working.
import { copyFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostLog } from './log';
import { RunOptions, run, which } from './proc';

const RIPGREP_PACKAGE = '@vscode/ripgrep';

/** The @vscode/ripgrep version pinned by VS Code's npm-shrinkwrap.json inside code-server. */
export function ripgrepVersionFromShrinkwrap(shrinkwrapJson: string): string {
  const shrinkwrap = JSON.parse(shrinkwrapJson) as { packages?: Record<string, { version?: string }> };
  const version = shrinkwrap.packages?.[`node_modules/${RIPGREP_PACKAGE}`]?.version;
  if (!version) throw new Error(`${RIPGREP_PACKAGE} not found in code-server's lib/vscode/npm-shrinkwrap.json`);
  return version;
}

/** The ripgrep-prebuilt release tag (`const VERSION = 'v13.0.0-10'`) in the package's postinstall.js. */
export function ripgrepTagFromPostinstall(postinstallJs: string): string {
  const match = /const VERSION = '([^']+)'/.exec(postinstallJs);
  if (!match) throw new Error(`Cannot find the ripgrep release tag (const VERSION = '...') in ${RIPGREP_PACKAGE}/lib/postinstall.js`);
  return match[1];
}

/** The release asset target @vscode/ripgrep picks on this machine (see its getTarget()). */
function ripgrepTarget(): string {
  if (process.platform !== 'linux') throw new Error(`The offline ripgrep cache is only built on Linux, not ${process.platform}`);
  switch (process.arch) {
    case 'x64':
      return 'x86_64-unknown-linux-musl';
    case 'arm64':
      return 'aarch64-unknown-linux-musl';
    default:
      throw new Error(`No offline ripgrep cache for architecture ${process.arch}`);
  }
}

/** Extracts one file of an npm tarball (`package/...`) as text. */
export async function readFromTarball(tarball: string, pathInTarball: string, options: RunOptions): Promise<string> {
  // Not logged: stdout is the file itself.
  const { stdout } = await run('tar', ['-xzOf', tarball, pathInTarball], { ...options, logFile: undefined });
  return stdout;
}

/** `npm pack <spec>` into `destination`; returns the tarball's path. Uses npm's cache, so a later install does not download again. */
export async function npmPack(spec: string, destination: string, options: RunOptions): Promise<string> {
  const { stdout } = await run('npm', ['pack', spec, '--pack-destination', destination, '--json'], options);
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>;
  return join(destination, packed.filename);
}

/**
 * Writes the cached ripgrep tarball that @vscode/ripgrep@`packageVersion` looks for
 * under `tmpDir` (the TMPDIR the install will run with).
 */
export async function seedRipgrepCache(packageVersion: string, tmpDir: string, workDir: string, options: RunOptions): Promise<string> {
  const rg = which('rg');
  if (!rg) throw new Error('`rg` is not on PATH (Debian package `ripgrep`)');

  const packageTarball = await npmPack(`${RIPGREP_PACKAGE}@${packageVersion}`, workDir, options);
  const tag = ripgrepTagFromPostinstall(await readFromTarball(packageTarball, 'package/lib/postinstall.js', options));

  const binDir = join(workDir, 'ripgrep-bin');
  mkdirSync(binDir, { recursive: true });
  copyFileSync(rg, join(binDir, 'rg'));
  chmodSync(join(binDir, 'rg'), 0o755);

  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${packageVersion}`);
  mkdirSync(cacheDir, { recursive: true });
  const asset = join(cacheDir, `ripgrep-${tag}-${ripgrepTarget()}.tar.gz`);
  await run('tar', ['-czf', asset, '-C', binDir, 'rg'], options);
  hostLog(`seeded ${RIPGREP_PACKAGE}@${packageVersion} cache (release ${tag}) with ${rg}`);
  return asset;
}
