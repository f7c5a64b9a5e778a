/** Runs inside the extension host for bench/activation.ts: activates the extension and writes how long that took. */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  const extension = vscode.extensions.all.find((e) => e.packageJSON?.name === 'security-runbooks');
  if (!extension) throw new Error('the extension is not installed in this host');
  const api = (await extension.activate()) as { activationMs: number };
  const sdkLoaded = Object.keys(require.cache).some((file) => file.endsWith('/dist/aws.js') || file.endsWith('/dist/manifests.js'));
  writeFileSync(process.env.SECURITY_RUNBOOKS_ACTIVATION_RESULT!, JSON.stringify({ activationMs: api.activationMs, lazyBundlesLoaded: sdkLoaded }));
}
