/** What every Dockerfile rule gets: the parsed file and its build stages. */
import type { Finding, Fix, Range } from '../model';
import type { ParsedDockerfile } from './parsedDockerfile';
import type { BuildStages, Stage } from './stages';
import { DOCKERFILE_RULE_DOCS, type DockerfileRuleId } from './rules';

export interface DockerfileContext {
  doc: ParsedDockerfile;
  build: BuildStages;
  /** The stage that becomes the image (the last FROM); undefined without any FROM. */
  finalStage: Stage | undefined;
}

export type DockerfileRule = (context: DockerfileContext) => Finding[];

/** A finding of a Dockerfile rule, at its default severity. */
export function finding(ruleId: DockerfileRuleId, message: string, range: Range, fix?: Fix): Finding {
  const result: Finding = { ruleId, severity: DOCKERFILE_RULE_DOCS[ruleId].severity, message, range };
  if (fix) result.fix = fix;
  return result;
}

/** `line N` for messages (one-based, as editors show it). */
export function lineOf(range: Range): string {
  return `line ${range.start.line + 1}`;
}
