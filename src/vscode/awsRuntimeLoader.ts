import * as path from 'node:path';
import type * as AwsRuntime from '../awsRuntime';

export type AwsRuntimeModule = typeof AwsRuntime;

let runtime: AwsRuntimeModule | undefined;

/**
 * Loads dist/aws.js (the AWS SDK and everything that uses it) the first time an
 * AWS feature is used. A computed path keeps esbuild from inlining it into the
 * activation bundle.
 */
export function loadAwsRuntime(): AwsRuntimeModule {
  runtime ??= require(path.join(__dirname, 'aws.js')) as AwsRuntimeModule;
  return runtime;
}

/** True once the AWS runtime has been loaded (asserted by the activation test). */
export function awsRuntimeLoaded(): boolean {
  return runtime !== undefined;
}
