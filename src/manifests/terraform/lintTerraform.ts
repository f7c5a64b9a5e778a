// Placeholder: being written (Terraform rules).
import type { LineIndex } from '../lineIndex';
import type { Finding, RuleDoc } from '../model';

export const TERRAFORM_RULES: readonly RuleDoc[] = [];

export async function lintTerraform(text: string, lines: LineIndex): Promise<Finding[]> {
  void text;
  void lines;
  return [];
}
