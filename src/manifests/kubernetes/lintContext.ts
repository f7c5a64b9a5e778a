/**
 * What the rules share while one file is linted: the original text and its line
 * index (findings point into the original text; masking kept every offset), the
 * findings so far, and the template-set values that rules met and could not judge.
 */
import type { LineIndex } from '../lineIndex';
import type { Finding, Fix, Severity } from '../model';
import { COMMON_RULES } from '../commonRules';
import { KUBERNETES_RULES } from './rules';
import { templateIn } from './templates';
import type { YamlStream } from './yamlDocuments';
import { isUnknown, spanOf, textOf, type Span } from './yamlNodes';

const SEVERITY = new Map<string, Severity>([...COMMON_RULES, ...KUBERNETES_RULES].map((rule) => [rule.id, rule.severity]));

export interface UnknownValue {
  /** Offset of the template that set it. */
  at: number;
  /** What could not be checked, e.g. `image of container "web" in Deployment/api`. */
  what: string;
}

export class LintContext {
  readonly findings: Finding[] = [];
  readonly unknowns: UnknownValue[] = [];
  private readonly unknownAt = new Set<number>();

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly stream: YamlStream,
  ) {}

  /** Adds a finding of a rule at a span (widened to one character if empty). */
  report(ruleId: string, span: Span | undefined, message: string, fix?: Fix): void {
    let [start, end] = span ?? [0, 0];
    start = Math.max(0, Math.min(start, this.text.length));
    end = Math.max(start, Math.min(end, this.text.length));
    if (end === start) {
      if (end < this.text.length) end++;
      else if (start > 0) start--;
    }
    const finding: Finding = { ruleId, severity: SEVERITY.get(ruleId) ?? 'warning', message, range: this.lines.visibleRange(start, end) };
    if (fix) finding.fix = fix;
    this.findings.push(finding);
  }

  /**
   * Notes that a rule met a value set by a template and did not judge it (for the
   * one SR-TEMPLATE finding). Returns true when the node is such a value.
   */
  unknown(node: unknown, what: () => string): boolean {
    if (!isUnknown(node)) return false;
    const span = spanOf(node);
    const spans = this.stream.templates?.spans;
    if (!span || !spans) return true;
    const template = templateIn(spans, span[0], span[1]);
    const at = template?.start ?? span[0];
    if (!this.unknownAt.has(at)) {
      this.unknownAt.add(at);
      this.unknowns.push({ at, what: what() });
    }
    return true;
  }

  /** The original text of a node, on one line and shortened (for messages). */
  source(node: unknown): string {
    const span = spanOf(node);
    if (!span) return '';
    const text = this.text.slice(span[0], span[1]).replace(/\s+/g, ' ').trim();
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  }

  /** A scalar's text for a message: its value, or what was written when a template sets it. */
  display(node: unknown): string | undefined {
    const text = textOf(node);
    if (text !== undefined) return text;
    return isUnknown(node) ? this.source(node) : undefined;
  }
}
