/**
 * The front matter part of `validateRunbook`: YAML that parses, the keys the extension
 * reads (title, kind, description, targets, parameters, timeRange, logGroups) with
 * the values it accepts, each problem at the line of its key. Pure: no `vscode`, no I/O.
 */
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type YAMLMap } from 'yaml';
import { readTargets } from '../aws/targets';
import { resolveTimeRange } from '../cells/aws/timeRange';
import type { FrontMatter } from './model';
import { readParameterSpecs, type ParameterSpec } from './parameters';
import type { Position, ReportProblem } from './validate';

export interface FrontMatterFacts {
  /** The parsed front matter; empty when there is none or it is not a mapping. */
  data: Record<string, unknown>;
  /** Every parameter name the runbook declares, also ones dropped for a problem (so their placeholders are not reported twice). */
  parameterNames: ReadonlySet<string>;
  /** The usable parameters, as a run reads them. */
  specs: ParameterSpec[];
}

/** The top-level keys something reads: the runbook list, run guards, parameters and query cells. */
const KNOWN_KEYS = ['title', 'kind', 'description', 'targets', 'parameters', 'timeRange', 'logGroups', 'logGroup'];
const KINDS = ['incident', 'enablement', 'compliance'];
const ACCOUNT_ID = /^\d{12}$/;
/** What a placeholder can name (parameters.ts refuses other names). */
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const START: Position = { line: 1, column: 1 };

export function checkFrontMatter(frontMatter: FrontMatter | undefined, report: ReportProblem, now: Date): FrontMatterFacts {
  const none: FrontMatterFacts = { data: {}, parameterNames: new Set(), specs: [] };
  if (!frontMatter) {
    report(START, 'warning', 'front-matter', 'The runbook has no front matter; start the file with a `---` block giving at least `title` and `kind`.');
    return none;
  }
  const yaml = new LocatedYaml(frontMatter.raw);
  if (yaml.error) {
    report(yaml.error.at, 'error', 'front-matter', `Front matter is not valid YAML: ${yaml.error.message}`);
    return none;
  }
  if (frontMatter.error !== undefined) {
    report(START, 'error', 'front-matter', frontMatter.error);
    return none;
  }
  const parsed = frontMatter.data;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    report(yaml.start, 'error', 'front-matter', `The front matter must be a mapping of keys such as \`title\` and \`kind\`, not ${describe(parsed)}.`);
    return none;
  }
  const data = parsed as Record<string, unknown>;

  for (const key of Object.keys(data)) {
    if (KNOWN_KEYS.includes(key)) continue;
    const near = KNOWN_KEYS.find((known) => known.toLowerCase() === key.toLowerCase() || `${known}s` === key || known === `${key}s`);
    const hint = near ? `did you mean \`${near}\`?` : `the keys read are ${KNOWN_KEYS.join(', ')}.`;
    report(yaml.keyAt([key]), 'warning', 'unknown-key', `Unknown front matter key \`${key}\` is ignored; ${hint}`);
  }
  checkText(data, 'title', yaml, report, 'the runbook list shows the file name instead');
  checkKind(data, yaml, report);
  checkText(data, 'description', yaml, report);
  checkTargets(data, yaml, report);
  const specs = checkParameters(data, yaml, report);
  if (data.timeRange !== undefined && data.timeRange !== null) {
    const range = resolveTimeRange(data.timeRange, now);
    if ('error' in range) report(yaml.keyAt(['timeRange']), 'error', 'time-range', `Front matter \`timeRange\`: ${range.error}`);
  }
  const parameterNames = new Set(Array.isArray(data.parameters) ? data.parameters.flatMap((entry: unknown) => (isRecord(entry) && typeof entry.name === 'string' && PARAMETER_NAME.test(entry.name) ? [entry.name] : [])) : []);
  return { data, parameterNames, specs };
}

/** `title` (required, else the warning's consequence) or `description` (optional): non-empty text. */
function checkText(data: Record<string, unknown>, key: 'title' | 'description', yaml: LocatedYaml, report: ReportProblem, missing?: string): void {
  const value = data[key];
  if (value === undefined || value === null) {
    if (missing) report(START, 'warning', 'front-matter', `The front matter has no \`${key}\`; ${missing}.`);
    return;
  }
  if (typeof value !== 'string' || value.trim() === '') report(yaml.keyAt([key]), 'error', 'front-matter', `\`${key}\` must be non-empty text, not ${describe(value)}.`);
}

function checkKind(data: Record<string, unknown>, yaml: LocatedYaml, report: ReportProblem): void {
  const kind = data.kind;
  if (kind === undefined || kind === null) {
    report(START, 'warning', 'front-matter', `The front matter has no \`kind\`; say which runbook this is: ${KINDS.join(', ')}.`);
  } else if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    report(yaml.keyAt(['kind']), 'error', 'front-matter', `\`kind\` must be one of ${KINDS.join(', ')}, not ${describe(kind)}.`);
  }
}

/** Account ids as the run guard reads them (readTargets), each at its own line. */
function checkTargets(data: Record<string, unknown>, yaml: LocatedYaml, report: ReportProblem): void {
  if (data.targets === undefined || data.targets === null) return;
  const leaves = yaml.targetLeaves();
  const targets = readTargets(data);
  targets.forEach((target, index) => {
    const leaf = leaves.length === targets.length ? leaves[index] : undefined;
    const at = leaf?.at ?? yaml.keyAt(['targets']);
    const where = target.environment !== undefined ? ` for environment "${target.environment}"` : '';
    if (leaf && !leaf.scalar) {
      report(at, 'error', 'target', `Target${where} must be an account id or a list of account ids, not a nested ${leaf.kind}.`);
    } else if (!ACCOUNT_ID.test(target.accountId)) {
      const hint = leaf?.number ? ' (YAML read it as a number; put it in quotes so leading zeros stay)' : '';
      report(at, 'error', 'target', `Target account id "${target.accountId}"${where} is not a 12-digit AWS account id${hint}.`);
    }
  });
}

/**
 * readParameterSpecs over a growing prefix of the list: a parameter's problems are
 * the ones its entry adds, as each depends only on the entries before it.
 */
function checkParameters(data: Record<string, unknown>, yaml: LocatedYaml, report: ReportProblem): ParameterSpec[] {
  const list = data.parameters;
  const all = readParameterSpecs(data);
  if (!Array.isArray(list)) {
    for (const problem of all.problems) report(yaml.keyAt(['parameters']), 'error', 'parameter', problem);
    return all.specs;
  }
  let seen = 0;
  for (let index = 0; index < list.length; index++) {
    const { problems } = readParameterSpecs({ parameters: list.slice(0, index + 1) });
    for (const problem of problems.slice(seen)) {
      const key = parameterKeyOf(problem);
      report(yaml.keyAt(['parameters', index, ...(key ? [key] : [])]), 'error', 'parameter', problem);
    }
    seen = problems.length;
  }
  return all.specs;
}

/** The key of a parameter entry a readParameterSpecs message is about; undefined for the entry as a whole. */
function parameterKeyOf(message: string): string | undefined {
  const unknown = /unknown key `([^`]+)`/.exec(message);
  if (unknown) return unknown[1];
  if (/\bdefault\b/.test(message)) return 'default';
  const quoted = ['values', 'pattern', 'secret', 'prompt'].find((key) => message.includes(`\`${key}\``));
  if (quoted) return quoted;
  if (/: type .* is not one of/.test(message)) return 'type';
  return undefined;
}

/** The front matter's YAML with positions: the file line of a key, the parse error. */
class LocatedYaml {
  readonly error?: { at: Position; message: string };
  /** The first line of the YAML (the line after `---`). */
  readonly start: Position = { line: 2, column: 1 };
  private readonly document?: Document;
  private readonly lines = new LineCounter();

  constructor(raw: string) {
    const open = /^---[ \t]*(?:\r\n|\n|\r)/.exec(raw)?.[0].length ?? 0;
    const withoutEnd = raw.replace(/(?:\r\n|\n|\r)$/, '');
    const closeStart = Math.max(withoutEnd.lastIndexOf('\n'), withoutEnd.lastIndexOf('\r')) + 1;
    // The options readFrontMatter parses with, so both see the same errors.
    const document = parseDocument(raw.slice(open, Math.max(open, closeStart)), { lineCounter: this.lines, prettyErrors: true, strict: true });
    const first = document.errors[0];
    if (first) {
      const where = first.linePos?.[0];
      this.error = {
        at: where ? { line: where.line + 1, column: where.col } : this.start,
        message: (first.message.split(/\r?\n/)[0] ?? first.message).replace(/ at line \d+, column \d+:?$/, ''),
      };
    } else {
      this.document = document;
    }
  }

  /** Where a key (a path of keys and list indexes) is written; the nearest written parent when it is not. */
  keyAt(path: readonly (string | number)[]): Position {
    let node: unknown = this.document?.contents;
    let at = this.positionOf(node) ?? this.start;
    for (const step of path) {
      if (typeof step === 'number' && isSeq(node)) {
        node = node.items[step];
        at = this.positionOf(node) ?? at;
      } else if (typeof step === 'string' && isMap(node)) {
        const pair = pairOf(node, step);
        if (!pair) break;
        at = this.positionOf(pair.key) ?? at;
        node = pair.value;
      } else {
        break;
      }
    }
    return at;
  }

  /** The written values under `targets`, in readTargets' order (null values left out, as it does). */
  targetLeaves(): { at: Position; scalar: boolean; number: boolean; kind: string }[] {
    const targets = isMap(this.document?.contents) ? pairOf(this.document.contents as YAMLMap, 'targets')?.value : undefined;
    const leaf = (node: unknown) => ({
      at: this.positionOf(node) ?? this.keyAt(['targets']),
      scalar: isScalar(node),
      number: isScalar(node) && typeof node.value === 'number',
      kind: isSeq(node) ? 'list' : 'mapping',
    });
    const present = (node: unknown) => !(isScalar(node) && (node.value === null || node.value === undefined)) && node !== null && node !== undefined;
    const items = (node: unknown): unknown[] => (isSeq(node) ? node.items : [node]).filter(present);
    if (isMap(targets)) return targets.items.flatMap((pair) => items(pair.value).map(leaf));
    return items(targets).map(leaf);
  }

  private positionOf(node: unknown): Position | undefined {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (!range) return undefined;
    const { line, col } = this.lines.linePos(range[0]);
    return { line: line + 1, column: col };
  }
}

function pairOf(map: YAMLMap, key: string) {
  return map.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
