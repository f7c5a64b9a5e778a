// Build: type-check with tsc, bundle the extension with esbuild, and transpile
// sources, tests, scripts and benchmarks (unbundled, CommonJS) into out/ for mocha
// and the test harness. `--production` minifies the bundle without source maps;
// `--bundle-only` skips the type check and out/.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const bundleOnly = process.argv.includes('--bundle-only'); // just dist/extension.js (used by the packaging test)
const skipTypecheck = bundleOnly || process.argv.includes('--no-typecheck');
// `--out=DIR` transpiles into DIR instead of out/ and leaves dist/ alone: several people
// (or helpers) can build and test in one checkout without deleting each other's output.
const outArg = process.argv.find((arg) => arg.startsWith('--out='));
const outDir = outArg ? outArg.slice('--out='.length) : 'out';
const transpileOnly = outArg !== undefined;
const require = createRequire(import.meta.url);

if (!skipTypecheck) {
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', '.'], { stdio: 'inherit' });
}

function tsFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'corpus' && entry !== 'fixtures') found.push(...tsFiles(path));
    } else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) {
      found.push(path);
    }
  }
  return found;
}

/** The CLI's commands, each bundled apart (src/cli/commandModules.ts requires them when a command runs). */
const CLI_COMMAND_BUNDLES = {
  'cli-lint.js': 'src/cli/lintRun.ts',
  'cli-scan.js': 'src/cli/scanRun.ts',
  'cli-runbook-check.js': 'src/cli/runbookCheckRun.ts',
  'cli-record.js': 'src/cli/recordRun.ts',
};

if (!transpileOnly) rmSync('dist', { recursive: true, force: true });
if (!bundleOnly) rmSync(outDir, { recursive: true, force: true });

const bundleOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
};

if (!transpileOnly) {
  // Activation bundle: no AWS SDK inside (see src/vscode/awsRuntimeLoader.ts).
  // Banner and footer time the bundle's own evaluation; activate() adds its own duration (bench/activation.ts).
  const activation = await build({
    ...bundleOptions,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    external: ['vscode'],
    metafile: true,
    banner: { js: 'globalThis.__securityRunbooksLoad = { start: performance.now() };' },
    footer: { js: 'globalThis.__securityRunbooksLoad.end = performance.now();' },
  });
  // Loaded on first AWS use.
  const aws = await build({ ...bundleOptions, entryPoints: ['src/awsRuntime.ts'], outfile: 'dist/aws.js', external: ['vscode'], metafile: true });
  const lazyInActivation = Object.keys(activation.metafile.inputs).filter((input) => /node_modules\/(@aws-sdk\/|dockerfile-ast\/|web-tree-sitter\/)/.test(input));
  if (lazyInActivation.length > 0) {
    throw new Error(`dist/extension.js must not contain the AWS SDK or the manifest parsers (they load on first use); it includes ${lazyInActivation.slice(0, 5).join(', ')}`);
  }
  // Loaded when the first manifest is linted; the HCL parser's WASM files sit beside it.
  const manifests = await build({ ...bundleOptions, entryPoints: ['src/manifestsRuntime.ts'], outfile: 'dist/manifests.js', external: ['vscode'], metafile: true });
  const cli = await buildCli('dist');
  writeFileSync('dist/meta.json', JSON.stringify({ activation: activation.metafile, aws: aws.metafile, manifests: manifests.metafile, cli: cli.metafile }));
} else {
  // Helpers building into their own folder get their own CLI too (tests find it through SECURITY_RUNBOOKS_CLI).
  await buildCli(join(outDir, 'dist'));
}

/**
 * The `security-runbooks` command line (package.json `bin`): a small executable
 * (dispatch and help) and one bundle per command beside it, with the SDK or the
 * parsers inside, and the HCL parser's WASM files. Nothing on its path may import
 * `vscode`: the build fails if anything under src/vscode/ is in it.
 */
async function buildCli(dir) {
  mkdirSync(dir, { recursive: true });
  const version = JSON.parse(readFileSync('package.json', 'utf8')).version;
  const result = await build({
    ...bundleOptions,
    entryPoints: ['src/cli.ts'],
    outfile: join(dir, 'cli.js'),
    metafile: true,
    banner: { js: '#!/usr/bin/env node' },
    define: { __SECURITY_RUNBOOKS_VERSION__: JSON.stringify(version) },
  });
  // Each command's work in its own file, required when the command runs (src/cli/commandModules.ts).
  const commands = await Promise.all(
    Object.entries(CLI_COMMAND_BUNDLES).map(([file, entry]) => build({ ...bundleOptions, entryPoints: [entry], outfile: join(dir, file), metafile: true })),
  );
  for (const metafile of [result.metafile, ...commands.map((c) => c.metafile)]) {
    const editorGlue = Object.keys(metafile.inputs).filter((input) => input.startsWith('src/vscode/') || input === 'src/extension.ts');
    if (editorGlue.length > 0) throw new Error(`the CLI must not contain VS Code glue; it includes ${editorGlue.join(', ')}`);
  }
  const heavy = Object.keys(result.metafile.inputs).filter((input) => /node_modules\/(@aws-sdk\/|dockerfile-ast\/|web-tree-sitter\/|yaml\/)/.test(input));
  if (heavy.length > 0) throw new Error(`dist/cli.js must stay small (the commands load their engines); it includes ${heavy.slice(0, 5).join(', ')}`);
  chmodSync(join(dir, 'cli.js'), 0o755);
  for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm']) {
    copyFileSync(require.resolve(wasm), join(dir, basename(wasm)));
  }
  return result;
}

if (!bundleOnly) await build({
  entryPoints: ['src', 'test', 'scripts', 'bench'].filter((d) => existsSync(d)).flatMap((d) => tsFiles(d)),
  outdir: outDir,
  outbase: '.',
  bundle: false,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  logLevel: 'warning',
});
