import type { Finding, RuleSettings } from './model';

/** Drops findings of rules set to `off` and applies severity overrides. */
export function applyRuleSettings(findings: Finding[], settings: RuleSettings | undefined): Finding[] {
  if (!settings || Object.keys(settings).length === 0) return findings;
  const result: Finding[] = [];
  for (const finding of findings) {
    const setting = settings[finding.ruleId];
    if (setting === 'off') continue;
    result.push(setting ? { ...finding, severity: setting } : finding);
  }
  return result;
}
