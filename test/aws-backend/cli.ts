/**
 * Runs the AWS test backend until interrupted, for manual runs and the demo:
 *
 *   node out/test/aws-backend/cli.js [--seed-demo] [--region us-east-1]
 *   node out/test/aws-backend/cli.js --demo-account
 *
 * Prints `AWS_ENDPOINT=http://127.0.0.1:PORT` on stdout once ready (and, with
 * --seed-demo, a summary of the seeded incident on stderr; with --demo-account, the
 * whole `npm start` demo account, see demoAccount.ts). Stops moto on SIGINT/SIGTERM.
 */
import { startAwsBackend } from './backend';
import { seedDemoAccount } from './demoAccount';
import { seedIncidentDemo } from './seed';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const regionIndex = args.indexOf('--region');
  const region = regionIndex >= 0 ? args[regionIndex + 1] : 'us-east-1';
  if (!region || args.some((a, i) => a.startsWith('--') && !['--seed-demo', '--demo-account', '--region'].includes(a) && args[i - 1] !== '--region')) {
    console.error('usage: node out/test/aws-backend/cli.js [--seed-demo] [--region REGION] | --demo-account');
    process.exit(2);
  }
  const backend = await startAwsBackend();
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.error(`[aws-backend] ${signal}: stopping`);
    backend.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  if (args.includes('--seed-demo')) {
    const summary = await seedIncidentDemo(backend, region);
    console.error(`[aws-backend] seeded the incident demo: ${JSON.stringify(summary)}`);
  }
  if (args.includes('--demo-account')) {
    const summary = await seedDemoAccount(backend);
    console.error(`[aws-backend] seeded the demo account in ${summary.regions.join(', ')}: ${JSON.stringify(summary.incident)}`);
  }
  console.log(`AWS_ENDPOINT=${backend.endpoint}`);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
main().catch((error: unknown) => {
  console.error(`[aws-backend] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
