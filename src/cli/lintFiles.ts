/**
 * Lints files the way the editor does: the same lintManifest, the same suppression
 * comments, the rule settings of the `.security-runbooks.yaml` that governs each
 * file, and the cross-file NetworkPolicy rule fed with the Namespaces and policies
 * of every file being linted (the editor uses its workspace's).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadConfigFile, ProjectConfigResolver, type LoadedConfig } from '../config/projectConfigFiles';
import { displayPath } from './fileWalk';
import { lintManifest, manifestFacts, ruleDoc } from '../manifests/lint';
import { isDockerfileName } from '../manifests/manifestKind';
import type { Finding, ManifestKind, NetworkPolicyFact, WorkspaceFacts } from '../manifests/model';
import { fileErrorReason } from './wording';

export interface LintedFile {
  path: string;
  /** Relative to the working directory, with forward slashes (what is printed and what SARIF cites). */
  displayPath: string;
  kind: ManifestKind;
  findings: Finding[];
}

export interface LintRun {
  files: LintedFile[];
  /** Files read that are not manifests (Kubernetes is recognised by content). */
  skipped: number;
  /** Named files that are not manifests, and files that could not be read. */
  notices: string[];
  /** Problems in the settings files used, as `file:line:column: message`. */
  configProblems: string[];
}

export interface LintFilesOptions {
  cwd: string;
  /** One settings file for every file (`--config`); by default each file's nearest `.security-runbooks.yaml`. */
  configFile?: string;
  /** Files named on the command line (not found by walking): reported when they are not manifests. */
  named?: ReadonlySet<string>;
}

/** Names worth reading while walking: YAML (Kubernetes is decided by content), Terraform, Dockerfiles. */
export function mayBeManifest(filePath: string): boolean {
  return /\.(ya?ml|tf)$/i.test(filePath) || isDockerfileName(filePath);
}

const knownRule = (id: string) => ruleDoc(id) !== undefined;

export async function lintFiles(paths: readonly string[], options: LintFilesOptions): Promise<LintRun> {
  const run: LintRun = { files: [], skipped: 0, notices: [], configProblems: [] };
  const resolver = new ProjectConfigResolver(knownRule);
  const fixed = options.configFile ? loadConfigFile(path.resolve(options.cwd, options.configFile), knownRule) : undefined;
  const reportedConfigs = new Set<string>();
  const configFor = (file: string): LoadedConfig => {
    const loaded = fixed ?? resolver.forFile(file);
    if (loaded.file && !reportedConfigs.has(loaded.file)) {
      reportedConfigs.add(loaded.file);
      for (const problem of loaded.config.problems) run.configProblems.push(`${displayPath(loaded.file, options.cwd)}:${problem.line}:${problem.column}: ${problem.message}`);
    }
    return loaded;
  };

  // Read everything first: the cross-file rule needs every file's Namespaces and policies.
  const texts: Array<{ file: string; text: string; config: LoadedConfig }> = [];
  for (const file of paths) {
    const config = configFor(file);
    if (config.excludes(file)) {
      if (options.named?.has(file)) run.notices.push(`${displayPath(file, options.cwd)}: excluded by ${displayPath(config.file!, options.cwd)} (manifests.exclude); not checked`);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      run.notices.push(`${displayPath(file, options.cwd)}: cannot be read (${fileErrorReason(error)})`);
      continue;
    }
    texts.push({ file, text, config });
  }
  const namespaces = new Set<string>();
  const networkPolicies: NetworkPolicyFact[] = [];
  for (const { file, text } of texts) {
    const facts = manifestFacts(file, text);
    facts.namespaces.forEach((n) => namespaces.add(n));
    networkPolicies.push(...facts.networkPolicies);
  }
  const workspace: WorkspaceFacts = { namespaces, networkPolicies };

  for (const { file, text, config } of texts) {
    const result = await lintManifest({ path: file, text, settings: config.config.rules, workspace });
    if (!result.kind) {
      run.skipped++;
      if (options.named?.has(file)) run.notices.push(`${displayPath(file, options.cwd)}: not a Kubernetes manifest, Dockerfile or Terraform file; not checked`);
      continue;
    }
    run.files.push({ path: file, displayPath: displayPath(file, options.cwd), kind: result.kind, findings: result.findings });
  }
  return run;
}
