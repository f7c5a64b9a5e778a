/**
 * The manifest linters (YAML, Dockerfile and HCL parsers and every rule), bundled
 * apart as dist/manifests.js and loaded when the first manifest is opened
 * (src/vscode/manifestsRuntimeLoader.ts), so activation does not pay for them.
 */
export { lintManifest, manifestFacts, ruleDoc, ALL_RULES } from './manifests/lint';
export { ruleDocMarkdown } from './manifests/ruleDocs';
export { suppressionEdit } from './manifests/suppression';
export { LineIndex } from './manifests/lineIndex';
