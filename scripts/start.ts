/**
 * `npm start`: the newcomer's first command. Packages the extension (the `start`
 * npm script builds and packages first), installs the .vsix into a local
 * code-server — a real VS Code served to the browser — with the runbooks folder
 * open, prints the URL, and stops everything on Ctrl+C.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { startCodeServer } from '../test/host/codeServer';
import { run } from '../test/host/proc';
import { ensureTools } from '../test/host/tools';

const repoRoot = path.resolve(__dirname, '../..');
const vsix = path.join(repoRoot, 'security-runbooks.vsix');
const runbooks = path.join(repoRoot, 'runbooks');

/** code-server runs with its own HOME; point the AWS CLI and SDK at the user's real files. */
function awsEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  const configFile = process.env.AWS_CONFIG_FILE ?? path.join(homedir(), '.aws/config');
  const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(homedir(), '.aws/credentials');
  if (existsSync(configFile)) env.AWS_CONFIG_FILE = configFile;
  if (existsSync(credentialsFile)) env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  return env;
}

async function main(): Promise<void> {
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm start", which packages the extension first.`);
  const { codeServerBin } = await ensureTools();
  const server = await startCodeServer({
    codeServerBin,
    trustWorkspace: true,
    env: awsEnvironment(),
    // The runbooks folder sits inside this repository; don't offer to open the parent repository.
    settings: { 'git.openRepositoryInParentFolders': 'never' },
  });
  await run(codeServerBin, ['--install-extension', vsix, '--extensions-dir', server.extensionsDir, '--user-data-dir', server.userDataDir]);
  const url = `${server.url}/?folder=${encodeURIComponent(runbooks)}`;
  console.log('');
  console.log('  Security Runbooks is running in VS Code (code-server):');
  console.log(`    ${url}`);
  console.log('');
  console.log('  Open a *.runbook.md file from the Explorer; it opens as a notebook. Ctrl+C stops everything.');
  console.log('');
  const code = await server.exited;
  console.log(`code-server exited (${code ?? 'signal'})`);
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
