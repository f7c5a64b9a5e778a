/**
 * Runs only the UI end-to-end tests: `node scripts/build.mjs && node out/test/e2e/runUi.js`.
 * Prints `N passed, N failed`; the exit code is 1 when anything failed or nothing ran.
 */
import { startAwsForHost } from '../aws-backend/hostAws';
import { runUiTests } from './uiTests';

async function main(): Promise<void> {
  const started = Date.now();
  const aws = await startAwsForHost();
  const { passed, failed } = await runUiTests(aws.env).finally(() => aws.backend.stop());
  console.log(`\nUI tests took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

main().catch((error: unknown) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
