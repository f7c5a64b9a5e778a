/** What every Terraform rule gets, and how it turns a source span into a finding. */
import type { LineIndex } from '../lineIndex';
import type { Finding, Fix, RuleDoc } from '../model';
import type { HclFile, Span } from './hclTree';

export interface TerraformContext {
  text: string;
  lines: LineIndex;
  file: HclFile;
  /** The file's line break (`\r\n` when it has any), used by fixes. */
  eol: string;
}

export type TerraformCheck = (context: TerraformContext) => Finding[];

export function finding(context: TerraformContext, rule: RuleDoc, span: Span, message: string, fix?: Fix): Finding {
  const result: Finding = { ruleId: rule.id, severity: rule.severity, message, range: context.lines.range(span.start, span.end) };
  if (fix) result.fix = fix;
  return result;
}
