// Placeholder: being written (Dockerfile rules).
import type { LineIndex } from '../lineIndex';
import type { Finding, RuleDoc } from '../model';

export const DOCKERFILE_RULES: readonly RuleDoc[] = [];

export function lintDockerfile(text: string, lines: LineIndex): Finding[] {
  void text;
  void lines;
  return [];
}
