/**
 * The shipped artifact: packages the extension with vsce exactly as `npm run
 * package` does (minified bundle), checks what the .vsix contains and its size,
 * and installs it into code-server offline as a user would install it.
 */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { run } from '../host/proc';
import { ensureTools } from '../host/tools';
import type { SuiteResults } from '../suiteResults';

export type PackageTestResults = SuiteResults;

const repoRoot = path.resolve(__dirname, '../../..');
const MAX_VSIX_BYTES = 3 * 1024 * 1024;
/** What may ship: the bundle, the manifest and docs, icons and the runbooks. Nothing from src/, test/ or node_modules/. */
const ALLOWED = /^(dist\/(extension|aws|manifests)\.js|dist\/(web-tree-sitter|tree-sitter-terraform)\.wasm|package\.json|README\.md|CHANGELOG\.md|LICENSE(\.txt)?|media\/.+|runbooks\/.+\.md)$/;

export async function runPackageTests(): Promise<PackageTestResults> {
  const results: PackageTestResults = { passed: 0, failed: 0, failures: [] };
  const work = mkdtempSync(path.join(tmpdir(), 'sr-package-'));
  const vsix = path.join(work, 'security-runbooks.vsix');
  const vsce = path.join(repoRoot, 'node_modules/@vscode/vsce/vsce');
  const check = async (title: string, body: () => Promise<void>) => {
    try {
      await body();
      results.passed++;
      console.log(`  ✔ ${title}`);
    } catch (error) {
      results.failed++;
      results.failures.push({ title, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      console.log(`  ✘ ${title}`);
    }
  };
  try {
    await check('vsce packages a minified bundle into a .vsix under 3 MB', async () => {
      await run(process.execPath, ['scripts/build.mjs', '--production', '--bundle-only'], { cwd: repoRoot });
      await run(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: repoRoot });
      const size = statSync(vsix).size;
      console.log(`    .vsix: ${size} bytes; dist/extension.js: ${statSync(path.join(repoRoot, 'dist/extension.js')).size} bytes`);
      assert.ok(size < MAX_VSIX_BYTES, `.vsix is ${size} bytes`);
    });
    await check('the .vsix holds only what the extension needs at run time', async () => {
      const { stdout } = await run(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: repoRoot });
      const files = stdout.split('\n').map((line) => line.trim()).filter(Boolean);
      assert.ok(files.includes('dist/extension.js') && files.includes('package.json'), `missing files in ${files.join(', ')}`);
      assert.deepEqual(files.filter((file) => !ALLOWED.test(file)), []);
    });
    await check('the .vsix installs into code-server offline', async () => {
      const { codeServerBin } = await ensureTools();
      const extensionsDir = path.join(work, 'extensions');
      const userDataDir = path.join(work, 'user-data');
      const env = { ...process.env, EXTENSIONS_GALLERY: '{}', HOME: work };
      await run(codeServerBin, ['--install-extension', vsix, '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], { env });
      const { stdout } = await run(codeServerBin, ['--list-extensions', '--show-versions', '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir], { env });
      assert.match(stdout, /security-runbooks\.security-runbooks@0\.1\.0/);
    });
  } finally {
    rmSync(work, { recursive: true, force: true });
    // Leave a development bundle (with its source map) behind, as `npm run build` would.
    await run(process.execPath, ['scripts/build.mjs', '--bundle-only'], { cwd: repoRoot }).catch(() => undefined);
  }
  return results;
}
