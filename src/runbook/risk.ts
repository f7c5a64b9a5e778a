/**
 * Risk of a runbook cell: `read`, `mutating` or `destructive`.
 *
 * A cell's risk comes from its `risk` attribute, from its language (native cells
 * know what they do), or, for shell cells, from reading the commands. The shell
 * classifier is deliberately conservative: anything it cannot read (unknown
 * programs, scripts, `eval`, variables in command position, pipes into other
 * programs...) is at least `mutating`, so Run All never runs it unasked.
 *
 * Pure: no `vscode`, no I/O. Never throws and runs in time linear in the input
 * (nesting is capped), whatever the text.
 *
 * This file is the public entry. The shell classifier is split by concern:
 * - `shellScan.ts` rewrites the text for shell-quote (newlines, continuations,
 *   comments, heredocs) and extracts `$(...)`, backticks and process substitutions;
 * - `shellScript.ts` tokenizes it into simple commands and walks the script's grammar;
 * - `commandRisk.ts` judges one command (with `awsRisk.ts` and `cliRisk.ts`) and
 *   its redirections;
 * - `riskFindings.ts` holds what they share.
 */
import { abbreviate, type Finding } from './riskFindings';
import { classifyScript } from './shellScript';

export type Risk = 'read' | 'mutating' | 'destructive';

export interface RiskAssessment {
  risk: Risk;
  source: 'attribute' | 'inferred' | 'native';
  /** Short, human explanations, most severe first. */
  reasons: string[];
}

export const RISK_ORDER: Record<Risk, number> = Object.freeze({ read: 0, mutating: 1, destructive: 2 });

const RISKS: readonly Risk[] = ['read', 'mutating', 'destructive'];

/** Cell languages whose executor is ours and whose effect is fixed. */
const NATIVE_RISK: Readonly<Record<string, { risk: Risk; reason: string }>> = {
  'logs-insights': { risk: 'read', reason: 'logs-insights cells only query logs' },
  cloudtrail: { risk: 'read', reason: 'cloudtrail cells only look up events' },
  securityhub: { risk: 'read', reason: 'securityhub cells only read findings' },
  'log-retention': { risk: 'mutating', reason: 'log-retention cells change log group retention' },
};

const SHELL_LANGUAGES = new Set(['shellscript', 'sh', 'bash', 'shell', 'zsh']);

export function assessCellRisk(input: { languageId: string; source: string; attributes: { risk?: unknown } }): RiskAssessment | { error: string } {
  try {
    const attributes: { risk?: unknown } = input?.attributes && typeof input.attributes === 'object' ? input.attributes : {};
    const declared = attributes.risk;
    if (declared !== undefined && !isRisk(declared)) {
      return { error: `the "risk" attribute must be one of "read", "mutating" or "destructive" (got ${describeValue(declared)})` };
    }
    const languageId = typeof input?.languageId === 'string' ? input.languageId : '';
    const inferred = inferForLanguage(languageId, typeof input?.source === 'string' ? input.source : '');
    if (declared === undefined) return inferred;
    // A declared risk wins when it is at least as high as what the cell's language or
    // commands show. It cannot lower it: an author (or a copy-pasted attribute) must
    // not be able to make a destructive cell look harmless, so a lower declaration
    // yields the inferred risk, with a reason naming the disagreement.
    if (RISK_ORDER[declared] >= RISK_ORDER[inferred.risk]) {
      return { risk: declared, source: 'attribute', reasons: [`declared ${declared} in the cell's risk attribute`] };
    }
    const why = inferred.reasons[0] ?? `it is ${inferred.risk}`;
    return { risk: inferred.risk, source: inferred.source, reasons: [`declared ${declared}, but ${why} (${inferred.risk})`, ...inferred.reasons] };
  } catch {
    return { risk: 'mutating', source: 'inferred', reasons: ['the cell could not be classified, so it is treated as mutating'] };
  }
}

function inferForLanguage(languageId: string, source: string): RiskAssessment {
  const native = NATIVE_RISK[languageId];
  if (native) return { risk: native.risk, source: 'native', reasons: [native.reason] };
  if (SHELL_LANGUAGES.has(languageId)) {
    const { risk, reasons } = classifyShell(source);
    return { risk, source: 'inferred', reasons };
  }
  return { risk: 'read', source: 'inferred', reasons: [`${languageId || 'untyped'} cells do not execute`] };
}

function isRisk(value: unknown): value is Risk {
  return typeof value === 'string' && (RISKS as readonly string[]).includes(value);
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

// ---------------------------------------------------------------------------
// Shell classification

const MAX_REASONS = 12;
const MAX_REASON_LENGTH = 200;

export function classifyShell(source: string): { risk: Risk; reasons: string[] } {
  try {
    return summarize(classifyScript(typeof source === 'string' ? source : '', 0));
  } catch {
    return { risk: 'mutating', reasons: ['the shell text could not be read, so it is treated as mutating'] };
  }
}

function summarize(findings: Finding[]): { risk: Risk; reasons: string[] } {
  let risk: Risk = 'read';
  for (const finding of findings) if (RISK_ORDER[finding.risk] > RISK_ORDER[risk]) risk = finding.risk;
  // A read cell is explained by what it reads; otherwise by what makes it risky, worst first.
  const relevant = risk === 'read' ? findings : findings.filter((f) => f.risk !== 'read').sort((a, b) => RISK_ORDER[b.risk] - RISK_ORDER[a.risk]);
  const reasons = [...new Set(relevant.map((f) => abbreviate(f.reason, MAX_REASON_LENGTH)))];
  if (reasons.length === 0) reasons.push('no commands');
  if (reasons.length > MAX_REASONS) reasons.splice(MAX_REASONS, reasons.length - MAX_REASONS, `and ${reasons.length - MAX_REASONS} more`);
  return { risk, reasons };
}
