/** A rule's documentation page (Markdown), shown when a diagnostic's code is clicked. */
import type { RuleDoc } from './model';

const KIND_NAMES = { kubernetes: 'Kubernetes', dockerfile: 'Dockerfile', terraform: 'Terraform (AWS)', any: 'Any manifest' } as const;

export function ruleDocMarkdown(rule: RuleDoc): string {
  const lines = [
    `# ${rule.id}: ${rule.title}`,
    '',
    `*${KIND_NAMES[rule.kind]} · default severity ${rule.severity}${rule.fixable ? ' · quick fix available' : ''}*`,
    '',
    '## Why it matters',
    '',
    rule.rationale,
    '',
    '## How to fix it',
    '',
    rule.remediation,
  ];
  if (rule.notes) lines.push('', '## Notes', '', rule.notes);
  if (rule.controls.length > 0) lines.push('', '## Compliance controls', '', rule.controls.map((c) => `- ${c}`).join('\n'));
  if (rule.peers.length > 0) lines.push('', '## Related rules of other tools', '', rule.peers.map((p) => `- ${p}`).join('\n'));
  lines.push(
    '',
    '## Turning it off',
    '',
    `On one line: a comment \`# security-runbooks-ignore: ${rule.id}\` on the line above (or at the end of the line in YAML and HCL).`,
    `For the repository, in the editor and in CI alike: \`${rule.id}: off\` under \`manifests.rules\` in \`.security-runbooks.yaml\` (or a severity: \`error\`, \`warning\`, \`info\`).`,
    `For yourself: \`"securityRunbooks.manifests.rules": { "${rule.id}": "off" }\` in your VS Code settings (it takes precedence over the file in your editor).`,
    '',
  );
  return lines.join('\n');
}
