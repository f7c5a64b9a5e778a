/**
 * The code cell part of `validateRunbook`: fence attributes (JSON, known keys, name,
 * risk, timeout, region, excludeFromRunAll, controls), languages no executor runs,
 * `{{ placeholders }}`, and native AWS cells their readers reject. Each problem is at
 * the fence line (at the attribute, when it can be found) or at the line in the cell.
 * Pure: no `vscode`, no I/O.
 */
import { parseDuration } from '../cells/duration';
import { readCloudTrailCell } from '../cells/aws/cloudTrailCell';
import { readLogRetentionCell } from '../cells/aws/logRetentionCell';
import { readLogsInsightsCell } from '../cells/aws/logsInsightsCell';
import { readSecurityHubCell } from '../cells/aws/securityHubCell';
import { resolveTimeRange } from '../cells/aws/timeRange';
import { runnableLanguagesDescription, SHELL_LANGUAGE_IDS } from '../cells/executorRegistry';
import { isNativeLanguage, NATIVE_LANGUAGE_IDS, type NativeLanguageId } from '../cells/nativeLanguages';
import { isRegionId } from '../aws/regions';
import { KNOWN_CONTROL_IDS, RELATED_CONTROL_IDS } from '../compliance/catalog';
// The rule docs alone, not manifests/lint.ts: that would pull the Dockerfile and HCL parsers into the CLI's runbook check.
import { COMMON_RULES } from '../manifests/commonRules';
import { DOCKERFILE_RULE_LIST } from '../manifests/dockerfile/rules';
import { KUBERNETES_RULES } from '../manifests/kubernetes/rules';
import { TERRAFORM_RULE_DOCS } from '../manifests/terraform/rules';
import type { FencedBlockSpan } from './fencedBlocks';
import { languageIdForFence } from './languages';
import type { CodeCell } from './model';
import { describeValue, envNameFor, referencedParameters, type ParameterSpec } from './parameters';
import { assessCellRisk, RISK_ORDER, type Risk } from './risk';
import { substituteShell, substituteText } from './shellPlaceholders';
import type { Position, ReportProblem } from './validate';
import type { FrontMatterFacts } from './validateFrontMatter';

/** A code cell as the editor reads it, with the fence it came from and the fence's file line. */
export interface LocatedCell {
  cell: CodeCell;
  block: FencedBlockSpan;
  fenceLine: number;
}

interface Context extends FrontMatterFacts {
  now: Date;
}

/** Control ids a cell may cite: the checklist items', related Security Hub controls, and the ones manifest rules cite. */
export const CITABLE_CONTROL_IDS: ReadonlySet<string> = new Set([
  ...KNOWN_CONTROL_IDS,
  ...RELATED_CONTROL_IDS,
  ...[...COMMON_RULES, ...KUBERNETES_RULES, ...DOCKERFILE_RULE_LIST, ...TERRAFORM_RULE_DOCS].flatMap((rule) => rule.controls),
]);

const CELL_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RISKS = Object.keys(RISK_ORDER) as Risk[];
const COMMON_ATTRIBUTES = ['name', 'risk', 'controls', 'timeout', 'region', 'excludeFromRunAll'];
/** What each native reader reads besides the common attributes. */
const NATIVE_ATTRIBUTES: Readonly<Record<NativeLanguageId, readonly string[]>> = {
  'logs-insights': ['logGroups', 'logGroup', 'timeRange', 'limit'],
  cloudtrail: ['timeRange', 'limit'],
  securityhub: ['limit'],
  'log-retention': ['retentionInDays'],
};
/** Language ids (after languageIdForFence) of blocks that show data or configuration: nobody expects them to run. */
const DISPLAY_ONLY_LANGUAGES: ReadonlySet<string> = new Set([
  'plaintext', 'json', 'jsonc', 'jsonl', 'yaml', 'toml', 'ini', 'properties', 'xml', 'csv', 'log', 'diff', 'markdown', 'md', 'html', 'terraform', 'dockerfile', 'json5',
]);
/** `{{ name }}` not preceded by a backslash, as shellPlaceholders.ts reads it. */
const PLACEHOLDER = /(\\?)\{\{[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]*\}\}/g;
const CELL_LINE = /^Line (\d+): /;

export function checkCells(cells: readonly LocatedCell[], context: Context, report: ReportProblem): void {
  const firstLineOfName = new Map<string, number>();
  for (const located of cells) {
    const view = new CellView(located);
    const { cell } = located;
    for (const problem of cell.problems) report(view.attributesAt(), 'error', 'attribute', problem);
    checkName(view, firstLineOfName, report);
    checkControls(view, report);
    const runnable = SHELL_LANGUAGE_IDS.includes(view.languageId) || isNativeLanguage(view.languageId);
    if (!runnable) {
      if (!DISPLAY_ONLY_LANGUAGES.has(view.languageId)) report(view.fence, 'warning', 'language', unrunnableMessage(cell.language));
      continue;
    }
    checkAttributeKeys(view, report);
    checkRisk(view, report);
    checkSettings(view, report);
    const placeholdersKnown = checkPlaceholders(view, context, report);
    if (isNativeLanguage(view.languageId) && placeholdersKnown) checkNativeCell(view, view.languageId, context, report);
  }
}

function unrunnableMessage(language: string): string {
  const squashed = language.toLowerCase().replace(/[-_ ]/g, '');
  const near = NATIVE_LANGUAGE_IDS.find((id) => id.replace(/-/g, '') === squashed);
  const advice = near ? `did you mean \`${near}\`?` : `cells that run are ${runnableLanguagesDescription()}; use \`text\` for a block to read only.`;
  return `No executor runs \`${language}\` cells, so this cell is skipped; ${advice}`;
}

function checkName(view: CellView, firstLineOfName: Map<string, number>, report: ReportProblem): void {
  const name = view.attributes.name;
  if (name === undefined) return;
  if (typeof name !== 'string' || !CELL_NAME.test(name)) {
    report(view.attributeAt('name'), 'error', 'cell-name', `Cell name ${describe(name)} is not kebab-case: use lowercase letters and digits joined by single hyphens, like "enable-guardduty".`);
    return;
  }
  const first = firstLineOfName.get(name);
  if (first !== undefined) report(view.attributeAt('name'), 'error', 'duplicate-name', `Cell name "${name}" is already used by the cell on line ${first}; names must be unique in a runbook.`);
  else firstLineOfName.set(name, view.fence.line);
}

function checkControls(view: CellView, report: ReportProblem): void {
  const controls = view.attributes.controls;
  if (controls === undefined) return;
  if (!Array.isArray(controls) || !controls.every((control) => typeof control === 'string')) {
    report(view.attributeAt('controls'), 'error', 'control', `"controls" must be a list of control ids like ["GuardDuty.1"], not ${describe(controls)}.`);
    return;
  }
  for (const control of controls as string[]) {
    if (CITABLE_CONTROL_IDS.has(control)) continue;
    report(
      view.valueAt('controls', control),
      'error',
      'control',
      `Control "${control}" matches no compliance checklist item, related Security Hub control or manifest rule, so nothing links to this cell through it.`,
    );
  }
}

function checkAttributeKeys(view: CellView, report: ReportProblem): void {
  const known = [...COMMON_ATTRIBUTES, ...(isNativeLanguage(view.languageId) ? NATIVE_ATTRIBUTES[view.languageId] : [])];
  for (const key of Object.keys(view.attributes)) {
    if (known.includes(key)) continue;
    report(view.attributeAt(key), 'warning', 'unknown-key', `Cell attribute "${key}" is ignored: \`${view.cell.language}\` cells read ${known.join(', ')}.`);
  }
}

/** A declared risk must be a risk, and not lower than what the cell's language or commands show (a run would override it). */
function checkRisk(view: CellView, report: ReportProblem): void {
  const declared = view.attributes.risk;
  if (declared === undefined) return;
  if (typeof declared !== 'string' || !(RISKS as string[]).includes(declared)) {
    report(view.attributeAt('risk'), 'error', 'risk', `Cell risk ${describe(declared)} is not one of ${RISKS.join(', ')}.`);
    return;
  }
  const inferred = assessCellRisk({ languageId: view.languageId, source: view.cell.source, attributes: {} });
  if ('error' in inferred || RISK_ORDER[declared as Risk] >= RISK_ORDER[inferred.risk]) return;
  const why = inferred.reasons[0] ?? `it is ${inferred.risk}`;
  report(view.attributeAt('risk'), 'error', 'risk', `Cell ${view.label} declares risk "${declared}", but ${why}, which is ${inferred.risk}; declare "${inferred.risk}" or change the command.`);
}

function checkSettings(view: CellView, report: ReportProblem): void {
  const { timeout, region, excludeFromRunAll } = view.attributes;
  if (timeout !== undefined) {
    const duration = parseDuration(timeout);
    if ('error' in duration) report(view.attributeAt('timeout'), 'error', 'attribute', `Invalid "timeout" attribute: ${duration.error}`);
  }
  if (region !== undefined && (typeof region !== 'string' || !isRegionId(region))) {
    report(view.attributeAt('region'), 'error', 'attribute', `"region" must be an AWS region id such as "eu-west-1", not ${describe(region)}.`);
  }
  if (excludeFromRunAll !== undefined && typeof excludeFromRunAll !== 'boolean') {
    report(view.attributeAt('excludeFromRunAll'), 'error', 'attribute', `"excludeFromRunAll" must be true or false, not ${describe(excludeFromRunAll)}.`);
  }
}

/**
 * Placeholders that name no declared parameter, and (shell cells) ones where the
 * shell could not expand them (substituteShell). Returns false when some name is
 * undeclared: a native cell is then not read further.
 */
function checkPlaceholders(view: CellView, context: Context, report: ReportProblem): boolean {
  const lines = view.cell.source.split('\n');
  let allKnown = true;
  lines.forEach((line, index) => {
    for (const match of line.matchAll(PLACEHOLDER)) {
      if (match[1] !== '' || context.parameterNames.has(match[2]!)) continue;
      allKnown = false;
      const declared = context.parameterNames.size > 0 ? `the parameters are ${[...context.parameterNames].join(', ')}` : 'the runbook declares no parameters';
      report(view.sourceAt(index, match.index), 'error', 'placeholder', `${match[0]} names no parameter of this runbook (${declared}); write \\{{ for a literal {{.`);
    }
  });
  if (!SHELL_LANGUAGE_IDS.includes(view.languageId)) return allKnown;
  const substituted = substituteShell(view.cell.source, withStandIns(view.cell.source, context.specs));
  if (!('error' in substituted)) return allKnown;
  for (const error of substituted.error.split('\n')) {
    const cellLine = Number(CELL_LINE.exec(error)?.[1] ?? 1);
    const message = error.replace(CELL_LINE, '');
    // The message starts with the placeholder it is about.
    const line = lines[cellLine - 1] ?? '';
    const placeholder = /\{\{[^}]*\}\}/.exec(message)?.[0] ?? '{{';
    const found = line.indexOf(placeholder);
    report(view.sourceAt(cellLine - 1, found !== -1 ? found : Math.max(0, line.indexOf('{{'))), 'error', 'placeholder', message);
  }
  return allKnown;
}

/**
 * The runbook's parameters, plus a stand-in of type string for every other name a
 * placeholder uses (undeclared or dropped: already reported), so the substitution
 * reports only where a placeholder stands.
 */
function withStandIns(source: string, specs: readonly ParameterSpec[]): ParameterSpec[] {
  const all = [...specs];
  for (const match of source.matchAll(PLACEHOLDER)) {
    const name = match[2]!;
    if (!all.some((spec) => spec.name === name)) all.push({ name, envName: envNameFor(name), type: 'string', prompt: name, secret: false });
  }
  return all;
}

/** What a person might type for a parameter without a default, valid for its type (an enum's first value for an enum). */
const SAMPLE_VALUES: Readonly<Record<Exclude<ParameterSpec['type'], 'enum'>, string>> = {
  string: 'example',
  secret: 'example',
  number: '1',
  duration: '1h',
  logGroup: '/aws/example',
  accountId: '123456789012',
  instanceId: 'i-0123456789abcdef0',
  region: 'us-east-1',
};

/** Reads a native cell as its executor will, with each parameter's default (or a sample of its type). */
function checkNativeCell(view: CellView, languageId: NativeLanguageId, context: Context, report: ReportProblem): void {
  const specs = withStandIns(view.cell.source, context.specs);
  const values: Record<string, string> = {};
  const sampled: ParameterSpec[] = [];
  for (const spec of referencedParameters(specs, [{ languageId, source: view.cell.source }])) {
    if (spec.default !== undefined) continue;
    values[spec.name] = spec.type === 'enum' ? (spec.values?.[0] ?? '') : SAMPLE_VALUES[spec.type];
    sampled.push(spec);
  }
  const substituted = substituteText(view.cell.source, specs, values);
  if ('error' in substituted) return; // unreachable: every placeholder has a value
  const { attributes } = view;
  const { data } = context;
  const read =
    languageId === 'logs-insights'
      ? readLogsInsightsCell(substituted.source, attributes, data)
      : languageId === 'cloudtrail'
        ? readCloudTrailCell(substituted.source, attributes, data)
        : languageId === 'securityhub'
          ? readSecurityHubCell(substituted.source, attributes)
          : readLogRetentionCell(substituted.source, attributes);
  if ('error' in read) {
    const cellLine = Number(CELL_LINE.exec(read.error)?.[1] ?? 0);
    const attribute = /"(\w+)" attribute/.exec(read.error)?.[1];
    const at = cellLine > 0 ? view.sourceAt(cellLine - 1, 0) : attribute ? view.attributeAt(attribute) : view.fence;
    // A sample value on the line may be what the reader refused: say so.
    const lineText = cellLine > 0 ? (view.cell.source.split('\n')[cellLine - 1] ?? '') : '';
    const onLine = sampled.filter((spec) => [...lineText.matchAll(PLACEHOLDER)].some((match) => match[1] === '' && match[2] === spec.name));
    const note = onLine.length > 0 ? ` (read with ${onLine.map((spec) => `${spec.name} = "${values[spec.name]}"`).join(', ')}, as it has no default)` : '';
    report(at, 'error', 'native-cell', `${read.error.replace(CELL_LINE, '')}${note}`);
  }
  if ((languageId === 'logs-insights' || languageId === 'cloudtrail') && attributes.timeRange !== undefined) {
    const range = resolveTimeRange(attributes.timeRange, context.now);
    if ('error' in range) report(view.attributeAt('timeRange'), 'error', 'time-range', range.error);
  }
}

/** Positions in the file for a cell: its fence, its attributes, lines of its source. */
class CellView {
  readonly cell: CodeCell;
  readonly languageId: string;
  readonly fence: Position;
  private readonly block: FencedBlockSpan;

  constructor(located: LocatedCell) {
    this.cell = located.cell;
    this.block = located.block;
    this.languageId = languageIdForFence(located.cell.language);
    this.fence = { line: located.fenceLine, column: (/^ */.exec(located.block.openLine)?.[0].length ?? 0) + 1 };
  }

  get attributes(): CodeCell['attributes'] {
    return this.cell.attributes;
  }

  /** `"name"` for messages: the cell's name, else its line. */
  get label(): string {
    return typeof this.attributes.name === 'string' ? `"${this.attributes.name}"` : `on line ${this.fence.line}`;
  }

  /** The attributes' opening brace. */
  attributesAt(): Position {
    const brace = this.block.openLine.indexOf('{');
    return brace === -1 ? this.fence : { line: this.fence.line, column: brace + 1 };
  }

  /** The attribute's key in the fence line. */
  attributeAt(key: string): Position {
    const match = new RegExp(`${escapeRegExp(JSON.stringify(key))}\\s*:`).exec(this.block.openLine);
    return match ? { line: this.fence.line, column: match.index + 1 } : this.attributesAt();
  }

  /** A string value in the attribute's value. */
  valueAt(key: string, value: string): Position {
    const keyAt = this.attributeAt(key);
    const index = this.block.openLine.indexOf(JSON.stringify(value), keyAt.column - 1);
    return index === -1 ? keyAt : { line: this.fence.line, column: index + 1 };
  }

  /** A 0-based line and column of the cell's source (its fence indentation removed, as parse.ts does). */
  sourceAt(lineIndex: number, column: number): Position {
    const written = this.block.contentLines[lineIndex] ?? '';
    const indent = this.fence.column - 1;
    let removed = 0;
    while (removed < indent && written[removed] === ' ') removed++;
    return { line: this.fence.line + 1 + lineIndex, column: column + removed + 1 };
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** JSON attributes: an object is "an object" there. */
function describe(value: unknown): string {
  return describeValue(value, 'an object');
}
