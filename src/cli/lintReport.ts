/** Lint results for people (text) and for programs (JSON). SARIF is in lintSarif.ts. */
import type { Finding, Severity } from '../manifests/model';
import type { LintedFile } from './lintFiles';
import type { Style } from './style';
import { plural } from './wording';

export const SEVERITY_ORDER: readonly Severity[] = ['info', 'warning', 'error'];

/** Whether a finding is at or above the threshold that fails the run. */
export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) >= SEVERITY_ORDER.indexOf(threshold);
}

export interface LintCounts {
  files: number;
  filesWithFindings: number;
  error: number;
  warning: number;
  info: number;
}

export function countFindings(files: readonly LintedFile[]): LintCounts {
  const counts: LintCounts = { files: files.length, filesWithFindings: 0, error: 0, warning: 0, info: 0 };
  for (const file of files) {
    if (file.findings.length > 0) counts.filesWithFindings++;
    for (const finding of file.findings) counts[finding.severity]++;
  }
  return counts;
}


/** `3 errors, 1 warning, 2 info in 2 of 14 files` (or `no findings in 14 files`). */
export function summaryLine(counts: LintCounts): string {
  const total = counts.error + counts.warning + counts.info;
  if (total === 0) return `no findings in ${plural(counts.files, 'manifest')}`;
  const parts = [counts.error && plural(counts.error, 'error'), counts.warning && plural(counts.warning, 'warning'), counts.info && `${counts.info} info`].filter(Boolean);
  return `${parts.join(', ')} in ${counts.filesWithFindings} of ${plural(counts.files, 'manifest')}`;
}

/** One line per finding, `path:line:column: severity message [RULE]`: terminals and CI logs link `path:line:column`. */
export function lintText(files: readonly LintedFile[], style: Style): string {
  const colour: Record<Severity, (text: string) => string> = { error: style.red, warning: style.yellow, info: style.cyan };
  const lines: string[] = [];
  for (const file of files) {
    for (const finding of file.findings) {
      const { line, character } = finding.range.start;
      const fix = finding.fix ? style.dim(' (quick fix in the editor)') : '';
      lines.push(`${style.bold(`${file.displayPath}:${line + 1}:${character + 1}`)}: ${colour[finding.severity](finding.severity)} ${finding.message} ${style.dim(`[${finding.ruleId}]`)}${fix}`);
    }
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

export const LINT_JSON_SCHEMA = 'security-runbooks/lint-result';

function findingJson(finding: Finding) {
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    /** 1-based, as editors and CI logs show them. */
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    /** 0-based, end exclusive, UTF-16 code units (LSP and VS Code ranges). */
    range: finding.range,
    ...(finding.fix ? { fix: finding.fix } : {}),
  };
}

/** Stable keys and order: the same files give the same bytes. */
export function lintJson(files: readonly LintedFile[], toolVersion: string, threshold: Severity): string {
  const counts = countFindings(files);
  const failing = files.reduce((n, f) => n + f.findings.filter((x) => atOrAbove(x.severity, threshold)).length, 0);
  const body = {
    schema: LINT_JSON_SCHEMA,
    schemaVersion: 1,
    tool: { name: 'security-runbooks', version: toolVersion },
    threshold,
    summary: { manifests: counts.files, error: counts.error, warning: counts.warning, info: counts.info, failing },
    files: files.map((file) => ({ path: file.displayPath, kind: file.kind, findings: file.findings.map(findingJson) })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
