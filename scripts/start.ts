/**
 * `npm start`: the newcomer's first command. The `start` npm script builds and
 * packages the extension first; this starts a local AWS stand-in (moto behind the
 * test backend's proxy) seeded with the demo account, installs the .vsix into a
 * local code-server (a real VS Code served to the browser) with the runbooks folder
 * open and the `demo` profile as the default profile, prints the URL, and stops
 * everything on Ctrl+C.
 *
 *   npm start                 the demo: no AWS account needed
 *   npm start -- --no-demo    your own AWS profiles (~/.aws, AWS_CONFIG_FILE...), no stand-in
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { startDemoAws, type DemoAws } from '../test/aws-backend/demo';
import { startCodeServer, type CodeServer } from '../test/host/codeServer';
import { registerCleanup } from '../test/host/cleanup';
import { run } from '../test/host/proc';
import { ensureCodeServer } from '../test/host/tools';

const repoRoot = path.resolve(__dirname, '../..');
const vsix = path.join(repoRoot, 'security-runbooks.vsix');
const runbooks = path.join(repoRoot, 'runbooks');

/** code-server runs with its own HOME; point the AWS CLI and SDK at the user's real files. */
function userAwsEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  const configFile = process.env.AWS_CONFIG_FILE ?? path.join(homedir(), '.aws/config');
  const credentialsFile = process.env.AWS_SHARED_CREDENTIALS_FILE ?? path.join(homedir(), '.aws/credentials');
  if (existsSync(configFile)) env.AWS_CONFIG_FILE = configFile;
  if (existsSync(credentialsFile)) env.AWS_SHARED_CREDENTIALS_FILE = credentialsFile;
  return env;
}

function demoInstructions(aws: DemoAws): string[] {
  const { compliance, incident } = aws.summary;
  return [
    `  The demo account ${compliance.account} (${compliance.regions.join(', ')}) runs locally at ${aws.backend.endpoint} (moto behind a proxy);`,
    '  every runbook uses the profile "demo" until you choose another. Things to try:',
    '    - F1 › "Welcome: Open Walkthrough…" › "Get started with Security Runbooks": a guided tour.',
    '    - The shield in the activity bar: the Compliance view. Refresh it: most CIS items fail in some region;',
    '      "Open Remediation" on one, run the cell, re-check the item, see it pass.',
    '    - incident-response.runbook.md: the failed Security Hub findings, the CloudTrail history of compromised-user,',
    `      the attacker's SSH sessions in ${aws.summary.flowLogs.logGroup}; then export the post-incident record.`,
    `    - monitoring-logging.runbook.md: the failed-auth query finds ${incident.forbiddenLines} Forbidden requests in ${incident.logGroup}.`,
    '  The AWS CLI against the demo, from another terminal:',
    `    AWS_CONFIG_FILE=${aws.profiles.configFile} AWS_SHARED_CREDENTIALS_FILE=${aws.profiles.credentialsFile} aws --profile demo sts get-caller-identity`,
  ];
}

let aws: DemoAws | undefined;
let server: CodeServer | undefined;
let stopping = false;

/** Stops code-server (its whole process group), the proxy and moto, and deletes the demo's AWS files. */
async function shutdown(): Promise<void> {
  stopping = true;
  await Promise.allSettled([server?.stop(), aws?.stop()]);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.some((arg) => arg !== '--no-demo')) {
    console.error('usage: npm start [-- --no-demo]');
    process.exit(2);
  }
  const demo = !args.includes('--no-demo');
  if (!existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm start", which packages the extension first.`);

  // Registered before anything starts, so Ctrl+C (SIGINT), SIGTERM or SIGHUP at any point stop what did start.
  registerCleanup({ stop: shutdown, killNow: () => aws?.profiles.remove() });

  const codeServerBin = await ensureCodeServer();
  if (demo) {
    console.log('Starting the local AWS stand-in (moto) with the demo account…');
    aws = await startDemoAws();
  }
  server = await startCodeServer({
    codeServerBin,
    trustWorkspace: true,
    env: aws ? aws.profiles.env : userAwsEnvironment(),
    settings: {
      // The runbooks folder sits inside this repository; don't offer to open the parent repository.
      'git.openRepositoryInParentFolders': 'never',
      ...(aws ? { 'securityRunbooks.defaultProfile': 'demo' } : {}),
    },
  });
  await run(codeServerBin, ['--install-extension', vsix, '--extensions-dir', server.extensionsDir, '--user-data-dir', server.userDataDir]);
  const url = `${server.url}/?folder=${encodeURIComponent(runbooks)}`;
  console.log(['', '  Security Runbooks is running in VS Code (code-server):', `    ${url}`, '', ...(aws ? demoInstructions(aws) : ['  Your own AWS profiles are used (no demo account).', '  Open a *.runbook.md file from the Explorer; it opens as a notebook.']), '', '  Ctrl+C stops everything.', ''].join('\n'));
  const code = await server.exited;
  if (stopping) return; // Ctrl+C: the cleanup is under way and exits
  console.log(`code-server exited (${code ?? 'signal'}): stopping the rest`);
  await shutdown();
}

main().catch(async (error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  await shutdown();
  process.exit(1);
});
