/**
 * The local AWS stand-in of `npm start`: the test backend (moto behind the proxy)
 * seeded with the demo account, and shared config files with a `demo` profile
 * pointing at it (the same files the host suites get, see hostAws.ts).
 */
import { startAwsBackend, type AwsBackend } from './backend';
import { seedDemoAccount, type DemoAccountSummary } from './demoAccount';
import { writeAwsProfiles, type AwsProfileFiles } from './hostAws';

export interface DemoAws {
  backend: AwsBackend;
  summary: DemoAccountSummary;
  profiles: AwsProfileFiles;
  /** Stops the proxy and moto and deletes the profile files. Safe to call twice. */
  stop(): Promise<void>;
}

export async function startDemoAws(): Promise<DemoAws> {
  const backend = await startAwsBackend();
  let profiles: AwsProfileFiles | undefined;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      profiles?.remove();
      await backend.stop();
    })());
  try {
    const summary = await seedDemoAccount(backend);
    profiles = writeAwsProfiles(backend.endpoint);
    return { backend, summary, profiles, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
