/**
 * What each bundle is made of, from esbuild's metafile (dist/meta.json, written by
 * every build): the activation bundle must hold no AWS SDK code, and both bundles'
 * biggest inputs show where their bytes go. Run after a build:
 * `node out/bench/bundleComposition.js`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface Metafile {
  inputs: Record<string, { bytes: number }>;
  outputs: Record<string, { bytes: number; inputs: Record<string, { bytesInOutput: number }> }>;
}

const repoRoot = path.resolve(__dirname, '../..');
const meta = JSON.parse(readFileSync(path.join(repoRoot, 'dist/meta.json'), 'utf8')) as Record<'activation' | 'aws', Metafile>;

function packageOf(input: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return match ? match[1]! : 'src (this project)';
}

for (const [name, metafile] of Object.entries(meta)) {
  for (const [file, output] of Object.entries(metafile.outputs).filter(([f]) => f.endsWith('.js'))) {
    const byPackage = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      byPackage.set(packageOf(input), (byPackage.get(packageOf(input)) ?? 0) + bytesInOutput);
    }
    console.log(`\n${name}: ${file} ${(output.bytes / 1024).toFixed(1)} KiB`);
    for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 8)) {
      console.log(`  ${(bytes / 1024).toFixed(1).padStart(8)} KiB  ${pkg}`);
    }
    if (name === 'activation') {
      const sdk = [...byPackage.keys()].filter((pkg) => pkg.startsWith('@aws-sdk/'));
      console.log(sdk.length === 0 ? '  no @aws-sdk module in the activation bundle' : `  AWS SDK IN THE ACTIVATION BUNDLE: ${sdk.join(', ')}`);
      if (sdk.length > 0) process.exitCode = 1;
    }
  }
}
