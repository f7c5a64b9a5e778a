import type { RuleDoc } from './model';

/** Findings about the file as a whole rather than a security rule. */
export const PARSE_RULE: RuleDoc = {
  id: 'SR-PARSE',
  kind: 'any',
  title: 'File could not be parsed',
  severity: 'error',
  rationale: 'A syntax error stops the file from being applied or built, and hides what follows it from these checks.',
  remediation: 'Fix the syntax at the marked location; the rest of the file is still checked where it can be read.',
  peers: [],
  controls: [],
  fixable: false,
};

export const TEMPLATE_RULE: RuleDoc = {
  id: 'SR-TEMPLATE',
  kind: 'kubernetes',
  title: 'Template not checked',
  severity: 'info',
  rationale:
    'Go/Helm template syntax (`{{ ... }}`) decides parts of this file only when it is rendered. Rather than report a wall of false errors, the parts that cannot be read without rendering are not checked.',
  remediation:
    'Render the chart (`helm template`) and check the output, or move fixed values out of templates. How templates are read: a value set by a template is unknown and never reported; a document where templates form whole lines or keys (`{{- if }}`, `{{ include ... | nindent 8 }}`) is skipped; one finding per file lists what was not checked.',
  peers: ['Checkov skips any file containing `{{ .Values.` silently'],
  controls: [],
  fixable: false,
};

export const COMMON_RULES: readonly RuleDoc[] = [PARSE_RULE, TEMPLATE_RULE];
