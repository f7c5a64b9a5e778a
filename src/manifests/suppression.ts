/**
 * Per-line suppression: `# security-runbooks-ignore` (every rule) or
 * `# security-runbooks-ignore: SR-K8S-004, SR-K8S-010` on its own line silences
 * findings that start on the next line that is not a comment; at the end of a line
 * (YAML, HCL) it silences that line. `//` works too in Terraform.
 */
import type { LineIndex } from './lineIndex';
import type { Finding, ManifestKind, TextEdit } from './model';

export const SUPPRESSION_MARKER = 'security-runbooks-ignore';
const PATTERN = /(?:^|\s)(?:#|\/\/)\s*security-runbooks-ignore\b(?::?\s*([A-Za-z0-9_, -]*))?/;

type Silenced = 'all' | Set<string>;

function idsOf(list: string | undefined): Silenced {
  const ids = (list ?? '')
    .split(/[\s,]+/)
    .map((id) => id.trim().toUpperCase())
    .filter((id) => /^SR-[A-Z0-9-]+$/.test(id));
  return ids.length === 0 ? 'all' : new Set(ids);
}

function merge(a: Silenced | undefined, b: Silenced): Silenced {
  if (a === 'all' || b === 'all') return 'all';
  return new Set([...(a ?? []), ...b]);
}

/** Which rules are silenced on which line. */
export function suppressedLines(lines: LineIndex): Map<number, Silenced> {
  const silenced = new Map<number, Silenced>();
  for (let line = 0; line < lines.lineCount; line++) {
    const text = lines.lineText(line);
    const match = PATTERN.exec(text);
    if (!match) continue;
    const ids = idsOf(match[1]);
    const ownLine = /^\s*(?:#|\/\/)/.test(text);
    let target = line;
    if (ownLine) {
      target = line + 1;
      while (target < lines.lineCount && /^\s*(?:#|\/\/)/.test(lines.lineText(target))) target++;
    }
    silenced.set(target, merge(silenced.get(target), ids));
  }
  return silenced;
}

export function withoutSuppressed(findings: Finding[], lines: LineIndex): Finding[] {
  if (!lines.text.includes(SUPPRESSION_MARKER)) return findings;
  const silenced = suppressedLines(lines);
  return findings.filter((finding) => {
    const rules = silenced.get(finding.range.start.line);
    return !rules || (rules !== 'all' && !rules.has(finding.ruleId));
  });
}

/**
 * The "suppress for this line" edit: a comment line above the finding's line, at its
 * indentation (valid in YAML, Dockerfiles — where `#` only starts a comment at the
 * start of a line — and HCL).
 */
export function suppressionEdit(finding: Finding, lines: LineIndex, kind: ManifestKind): TextEdit {
  const line = finding.range.start.line;
  const text = lines.lineText(line);
  const indent = /^[ \t]*/.exec(text)![0];
  const previous = line > 0 ? lines.lineText(line - 1) : '';
  const existing = PATTERN.exec(previous);
  const eol = lines.text.includes('\r\n') ? '\r\n' : '\n';
  if (existing && /^\s*(?:#|\/\/)/.test(previous) && existing[1]?.trim()) {
    // Extend the comment already above the line.
    return { range: { start: { line: line - 1, character: previous.length }, end: { line: line - 1, character: previous.length } }, newText: `, ${finding.ruleId}` };
  }
  const comment = kind === 'terraform' && /^\s*\/\//.test(previous) ? '//' : '#';
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `${indent}${comment} ${SUPPRESSION_MARKER}: ${finding.ruleId}${eol}` };
}
