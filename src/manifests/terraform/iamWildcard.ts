/**
 * SR-TF-008: IAM statements allowing every action (`*`) on every resource (`*`), in
 * identity policies (`jsonencode({...})`, a JSON string or heredoc) and in
 * `data "aws_iam_policy_document"` statement blocks. The finding points at the action.
 */
import type { Finding } from '../model';
import { type TerraformContext, finding } from './context';
import { nestedBlocks } from './dynamicBlocks';
import { type Block, type HclValue, type Span, attributeOf } from './hclTree';
import { type JsonValue, parseJson } from './jsonPositions';
import { address, dataSources, resources, stringOf } from './resources';
import { IAM_WILDCARD_POLICY } from './rules';

const POLICY_RESOURCES = ['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy'];

/** The resource and data source types this rule reads. */
export const IAM_POLICY_TYPES = [...POLICY_RESOURCES, 'aws_iam_role', 'aws_iam_policy_document'];
const EVERY_ACTION = new Set(['*', '*:*']);

/** An action or resource: its literal text (undefined when unknown) and where it is. */
interface Item {
  value: string | undefined;
  span: Span;
}

interface Statement {
  /** true: Allow; false: Deny or invalid; undefined: unknown. */
  allows: boolean | undefined;
  actions: Item[];
  resources: Item[];
}

// ---------------------------------------------------------------- jsonencode({...})

function hclEntry(value: HclValue, key: string): HclValue | undefined {
  return value.kind === 'object' ? value.entries.find((entry) => entry.key === key)?.value : undefined;
}

function hclItems(value: HclValue | undefined): Item[] {
  if (!value) return [];
  if (value.kind === 'list') return value.items.map((item) => ({ value: item.kind === 'string' ? item.value : undefined, span: item.span }));
  return [{ value: value.kind === 'string' ? value.value : undefined, span: value.span }];
}

function hclStatements(document: HclValue): Statement[] {
  const statement = hclEntry(document, 'Statement');
  if (!statement) return [];
  const list = statement.kind === 'list' ? statement.items : [statement];
  return list.map((item) => {
    const effect = stringOf(hclEntry(item, 'Effect'));
    return {
      allows: effect === undefined ? undefined : effect === 'Allow',
      actions: hclItems(hclEntry(item, 'Action')),
      resources: hclItems(hclEntry(item, 'Resource')),
    };
  });
}

// ---------------------------------------------------------------- JSON strings and heredocs

function jsonEntry(value: JsonValue, key: string): JsonValue | undefined {
  return value.kind === 'object' ? value.entries.find((entry) => entry.key === key)?.value : undefined;
}

function jsonStatements(document: JsonValue, offsets: readonly number[]): Statement[] {
  const span = (value: JsonValue): Span => ({ start: offsets[value.start]!, end: offsets[value.end]! });
  const items = (value: JsonValue | undefined): Item[] => {
    if (!value) return [];
    const list = value.kind === 'array' ? value.items : [value];
    return list.map((item) => ({ value: item.kind === 'string' ? item.value : undefined, span: span(item) }));
  };
  const statement = jsonEntry(document, 'Statement');
  if (!statement) return [];
  const list = statement.kind === 'array' ? statement.items : [statement];
  return list.map((item) => {
    const effect = jsonEntry(item, 'Effect');
    return {
      allows: effect?.kind === 'string' ? effect.value === 'Allow' : undefined,
      actions: items(jsonEntry(item, 'Action')),
      resources: items(jsonEntry(item, 'Resource')),
    };
  });
}

/** The statements of a `policy` value, when it can be read. */
function policyStatements(policy: HclValue | undefined): Statement[] {
  if (!policy) return [];
  if (policy.kind === 'unknown' && policy.call?.name === 'jsonencode' && policy.call.args.length === 1) return hclStatements(policy.call.args[0]!);
  if (policy.kind === 'string' || policy.kind === 'template') {
    const document = parseJson(policy.value);
    return document ? jsonStatements(document, policy.offsets) : [];
  }
  return [];
}

// ---------------------------------------------------------------- the rule

function wildcardAction(statement: Statement): Item | undefined {
  if (statement.allows !== true) return undefined;
  if (!statement.resources.some((resource) => resource.value?.trim() === '*')) return undefined;
  return statement.actions.find((action) => action.value !== undefined && EVERY_ACTION.has(action.value.trim()));
}

function report(context: TerraformContext, findings: Finding[], owner: string, statements: Statement[]): void {
  for (const statement of statements) {
    const action = wildcardAction(statement);
    if (!action || !(action.span.end > action.span.start)) continue;
    findings.push(finding(context, IAM_WILDCARD_POLICY, action.span, `${owner} allows every action ("${action.value!.trim()}") on every resource ("*"): full administrator access.`));
  }
}

function documentStatements(document: Block): Statement[] {
  return nestedBlocks(document, 'statement').map((statement) => {
    const effect = attributeOf(statement, 'effect');
    const effectText = effect ? stringOf(effect.value) : 'Allow';
    return {
      allows: effectText === undefined ? undefined : effectText === 'Allow',
      actions: hclItems(attributeOf(statement, 'actions')?.value),
      resources: hclItems(attributeOf(statement, 'resources')?.value),
    };
  });
}

export function checkIamWildcard(context: TerraformContext): Finding[] {
  const findings: Finding[] = [];
  for (const type of POLICY_RESOURCES) {
    for (const block of resources(context.file, type)) {
      report(context, findings, `IAM policy ${address(block)}`, policyStatements(attributeOf(block, 'policy')?.value));
    }
  }
  for (const role of resources(context.file, 'aws_iam_role')) {
    for (const inline of nestedBlocks(role, 'inline_policy')) {
      report(context, findings, `The inline policy of ${address(role)}`, policyStatements(attributeOf(inline, 'policy')?.value));
    }
  }
  for (const document of dataSources(context.file, 'aws_iam_policy_document')) {
    report(context, findings, `Policy document ${address(document)}`, documentStatements(document));
  }
  return findings;
}
