import { startAwsBackend, type AwsBackend } from '../../aws-backend/backend';

/**
 * Mocha hooks for a suite that talks to the AWS test backend: started once, reset
 * before each test (then `prepare` seeds what the suite needs), stopped after.
 * Returns a getter, as the backend exists only once `before` has run.
 */
export function useAwsBackend(prepare?: (backend: AwsBackend) => Promise<void> | void): () => AwsBackend {
  let backend: AwsBackend | undefined;
  before(async () => {
    backend = await startAwsBackend();
  });
  after(async () => backend?.stop());
  beforeEach(async () => {
    await backend!.reset();
    await prepare?.(backend!);
  });
  return () => backend!;
}
