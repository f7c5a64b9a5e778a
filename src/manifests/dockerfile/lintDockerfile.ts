/**
 * Dockerfile rules: parse with `dockerfile-ast`, split into build stages, then
 * report syntax problems (SR-PARSE) and run every rule on what could be read.
 * Empty and comment-only files have nothing to check and get no findings.
 */
import type { LineIndex } from '../lineIndex';
import type { Finding, RuleDoc } from '../model';
import { baseImageTag } from './baseImageTag';
import type { DockerfileContext, DockerfileRule } from './context';
import { fullBaseImage } from './fullBaseImage';
import { missingHealthcheck } from './missingHealthcheck';
import { parseDockerfile } from './parsedDockerfile';
import { remoteAdd } from './remoteAdd';
import { DOCKERFILE_RULE_LIST } from './rules';
import { runsAsRoot } from './runsAsRoot';
import { secretsInEnvArg } from './secretsInEnvArg';
import { buildStages } from './stages';
import { syntaxProblems } from './syntaxProblems';

export const DOCKERFILE_RULES: readonly RuleDoc[] = DOCKERFILE_RULE_LIST;

const CHECKS: readonly DockerfileRule[] = [syntaxProblems, runsAsRoot, baseImageTag, fullBaseImage, remoteAdd, secretsInEnvArg, missingHealthcheck];

export function lintDockerfile(text: string, lines: LineIndex): Finding[] {
  const doc = parseDockerfile(text, lines);
  if (doc.instructions.length === 0) return [];
  const build = buildStages(doc);
  const context: DockerfileContext = { doc, build, finalStage: build.stages[build.stages.length - 1] };
  return CHECKS.flatMap((check) => check(context));
}
