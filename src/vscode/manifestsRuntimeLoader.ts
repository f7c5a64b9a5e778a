import * as path from 'node:path';
import type * as ManifestsRuntime from '../manifestsRuntime';

export type ManifestsRuntimeModule = typeof ManifestsRuntime;

let runtime: ManifestsRuntimeModule | undefined;

/**
 * Loads dist/manifests.js (the parsers and rules) the first time a manifest is
 * linted. A computed path keeps esbuild from inlining it into the activation bundle.
 */
export function loadManifestsRuntime(): ManifestsRuntimeModule {
  runtime ??= require(path.join(__dirname, 'manifests.js')) as ManifestsRuntimeModule;
  return runtime;
}
