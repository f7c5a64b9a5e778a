/**
 * A small typed view over tree-sitter's HCL syntax tree: blocks (type, labels,
 * attributes, nested blocks) and attribute values, each with its exact source
 * range (UTF-16 offsets into the text, like the LineIndex uses).
 *
 * Values are literals (string, number, bool, null, list, object) or `unknown` for
 * anything Terraform only knows when it plans (variables, locals, references,
 * function calls, conditionals, operators, `for` expressions). An unknown keeps the
 * two things rules may still look at: a plain reference (`aws_s3_bucket.logs.id`)
 * and a function call's arguments (`jsonencode({...})`). Templates with
 * interpolations are `template`: their literal text with a hole per interpolation.
 *
 * The view is plain data, built in one walk; the tree-sitter tree can be freed
 * right after. Depth is bounded so hostile input cannot exhaust the stack.
 */
import type { Node } from 'web-tree-sitter';
import { type DecodedString, decodeTemplate, heredocIndent } from './hclStrings';

/** Start (inclusive) and end (exclusive) offsets into the text. */
export interface Span {
  start: number;
  end: number;
}

interface ValueBase {
  span: Span;
}

export interface StringValue extends ValueBase {
  kind: 'string';
  value: string;
  /** Source offset of each character of `value`, plus one for its end. */
  offsets: readonly number[];
}

/** A string with interpolations: `value` has TEMPLATE_HOLE where each `${...}`/`%{...}` was. */
export interface TemplateValue extends ValueBase {
  kind: 'template';
  value: string;
  offsets: readonly number[];
}

export interface NumberValue extends ValueBase {
  kind: 'number';
  value: number;
}

export interface BoolValue extends ValueBase {
  kind: 'bool';
  value: boolean;
}

export interface NullValue extends ValueBase {
  kind: 'null';
}

export interface ListValue extends ValueBase {
  kind: 'list';
  items: HclValue[];
}

export interface ObjectEntry {
  /** The key when it is a name or a literal string; undefined for a computed key. */
  key: string | undefined;
  keySpan: Span;
  value: HclValue;
}

export interface ObjectValue extends ValueBase {
  kind: 'object';
  entries: ObjectEntry[];
}

export interface UnknownValue extends ValueBase {
  kind: 'unknown';
  /** A plain traversal (`var.x`, `aws_s3_bucket.logs.id`, `each.value["port"]`): its steps. */
  reference?: string[];
  /** A function call: its name and arguments. */
  call?: { name: string; args: HclValue[] };
}

export type HclValue = StringValue | TemplateValue | NumberValue | BoolValue | NullValue | ListValue | ObjectValue | UnknownValue;

export interface Attribute {
  name: string;
  nameSpan: Span;
  value: HclValue;
  /** The whole `name = value`. */
  span: Span;
}

export interface Block {
  type: string;
  labels: string[];
  labelSpans: Span[];
  /** From the block type to the end of its last label: where findings about the whole block point. */
  header: Span;
  span: Span;
  /** Offset of the `{`. */
  openBrace: number;
  /** Offset of the `}`; undefined when it is missing (syntax error). */
  closeBrace: number | undefined;
  attributes: Attribute[];
  blocks: Block[];
  /** For a block made from a `dynamic` block's `content` (see dynamicBlocks.ts): that dynamic block. */
  dynamic?: Block;
}

export interface SyntaxProblem {
  span: Span;
  message: string;
}

export interface HclFile {
  /** Top-level blocks (plus resource/data blocks recovered from inside broken ones). */
  blocks: Block[];
  syntaxError?: SyntaxProblem;
}

const MAX_VALUE_DEPTH = 64;
const MAX_BLOCK_DEPTH = 32;

function spanOf(node: Node): Span {
  return { start: node.startIndex, end: node.endIndex };
}

/** A node's text, from the source (cheaper than asking the tree for it). */
function source(node: Node, text: string): string {
  return text.slice(node.startIndex, node.endIndex);
}

function unknown(node: Node, extra?: Partial<UnknownValue>): UnknownValue {
  return { kind: 'unknown', span: spanOf(node), ...extra };
}

function named(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

// ---------------------------------------------------------------- strings

function stringFrom(node: Node, decoded: DecodedString, holes: number): StringValue | TemplateValue {
  return { kind: holes > 0 ? 'template' : 'string', value: decoded.value, offsets: decoded.offsets, span: spanOf(node) };
}

/** `"..."` (string_lit or quoted_template). */
function quoted(node: Node, text: string): HclValue {
  const children = node.children.filter((child): child is Node => child !== null);
  const open = children[0];
  const close = children[children.length - 1];
  if (!open || open.type !== 'quoted_template_start' || !close || close === open || close.type !== 'quoted_template_end' || close.isMissing) {
    return unknown(node);
  }
  const holes = children.filter((child) => child.type === 'template_interpolation' || child.type === 'template_directive').map(spanOf);
  return stringFrom(node, decodeTemplate(text, open.endIndex, close.startIndex, holes, 'quoted'), holes.length);
}

/** `<<EOT ... EOT` and `<<-EOT ... EOT`. */
function heredoc(node: Node, text: string): HclValue {
  const children = node.children.filter((child): child is Node => child !== null);
  const start = children.find((child) => child.type === 'heredoc_start');
  const identifiers = children.filter((child) => child.type === 'heredoc_identifier');
  const opening = identifiers[0];
  const closing = identifiers[identifiers.length - 1];
  if (!start || !opening || !closing || opening === closing || closing.isMissing) return unknown(node);
  const newline = text.indexOf('\n', opening.endIndex);
  if (newline < 0 || newline >= closing.startIndex) return unknown(node);
  const contentStart = newline + 1;
  const lineBreak = text.lastIndexOf('\n', closing.startIndex - 1);
  const contentEnd = Math.max(contentStart, lineBreak + 1);
  const holes = children.filter((child) => child.type === 'template_interpolation' || child.type === 'template_directive').map(spanOf);
  const strip = source(start, text).trim() === '<<-' ? heredocIndent(text, contentStart, contentEnd) : 0;
  return stringFrom(node, decodeTemplate(text, contentStart, contentEnd, holes, 'heredoc', strip), holes.length);
}

// ---------------------------------------------------------------- expressions

function literal(node: Node, text: string): HclValue {
  const inner = named(node)[0];
  if (!inner) return unknown(node);
  switch (inner.type) {
    case 'numeric_lit': {
      const value = Number(source(inner, text));
      return Number.isFinite(value) ? { kind: 'number', value, span: spanOf(node) } : unknown(node);
    }
    case 'bool_lit':
      return { kind: 'bool', value: source(inner, text) === 'true', span: spanOf(node) };
    case 'null_lit':
      return { kind: 'null', span: spanOf(node) };
    case 'string_lit': {
      const value = quoted(inner, text);
      return { ...value, span: spanOf(node) };
    }
    default:
      return unknown(node);
  }
}

/** The steps of `name.attr[0]["key"]`, or undefined when an index is not a literal. */
function traversal(parts: Node[], text: string, depth: number): string[] | undefined {
  const steps: string[] = [];
  for (const part of parts) {
    if (part.type === 'variable_expr' || part.type === 'get_attr') {
      const identifier = named(part).find((child) => child.type === 'identifier');
      if (!identifier) return undefined;
      steps.push(source(identifier, text));
    } else if (part.type === 'index') {
      const index = named(part)[0];
      if (!index) return undefined;
      if (index.type === 'legacy_index') {
        steps.push(source(index, text).replace(/^\./, ''));
        continue;
      }
      const key = named(index)[0];
      const value = key ? expression(key, text, depth + 1) : undefined;
      if (value?.kind === 'string') steps.push(value.value);
      else if (value?.kind === 'number') steps.push(String(value.value));
      else return undefined;
    } else {
      return undefined;
    }
  }
  return steps;
}

function collection(node: Node, text: string, depth: number): HclValue {
  const inner = named(node)[0];
  if (!inner) return unknown(node);
  if (inner.type === 'tuple') {
    const items = named(inner)
      .filter((child) => child.type === 'expression')
      .map((child) => expression(child, text, depth + 1));
    return { kind: 'list', items, span: spanOf(node) };
  }
  if (inner.type === 'object') {
    const entries: ObjectEntry[] = [];
    for (const element of named(inner)) {
      if (element.type !== 'object_elem') continue;
      const keyNode = element.childForFieldName('key');
      const valueNode = element.childForFieldName('val');
      if (!keyNode || !valueNode) continue;
      entries.push({ key: objectKey(keyNode, text, depth + 1), keySpan: spanOf(keyNode), value: expression(valueNode, text, depth + 1) });
    }
    return { kind: 'object', entries, span: spanOf(node) };
  }
  return unknown(node);
}

/** `name = ...` and `"name" = ...` keys; a computed key (`(var.x) = ...`) is undefined. */
function objectKey(node: Node, text: string, depth: number): string | undefined {
  const parts = named(node);
  if (parts.length === 1 && parts[0]!.type === 'variable_expr') {
    const identifier = named(parts[0]!)[0];
    return identifier ? source(identifier, text) : undefined;
  }
  const value = expression(node, text, depth);
  return value.kind === 'string' ? value.value : undefined;
}

function functionCall(node: Node, text: string, depth: number): HclValue {
  const parts = named(node);
  const identifier = parts.find((child) => child.type === 'identifier');
  const name = identifier ? source(identifier, text) : '';
  const argumentList = parts.find((child) => child.type === 'function_arguments');
  const args = argumentList
    ? named(argumentList)
        .filter((child) => child.type === 'expression')
        .map((child) => expression(child, text, depth + 1))
    : [];
  return unknown(node, { call: { name, args } });
}

/** Converts an expression node (or one of its forms) to a value. */
export function expression(node: Node, text: string, depth = 0): HclValue {
  if (depth >= MAX_VALUE_DEPTH || node.hasError) return unknown(node);
  switch (node.type) {
    case 'expression': {
      const parts = named(node);
      if (parts.length === 1) {
        const value = expression(parts[0]!, text, depth + 1);
        // A parenthesised expression's span is the parentheses' one.
        return { ...value, span: spanOf(node) };
      }
      if (parts[0]?.type === 'variable_expr') {
        const reference = traversal(parts, text, depth);
        return reference ? unknown(node, { reference }) : unknown(node);
      }
      return unknown(node);
    }
    case 'literal_value':
      return literal(node, text);
    case 'collection_value':
      return collection(node, text, depth);
    case 'template_expr': {
      const inner = named(node)[0];
      if (inner?.type === 'quoted_template') return { ...quoted(inner, text), span: spanOf(node) };
      if (inner?.type === 'heredoc_template') return { ...heredoc(inner, text), span: spanOf(node) };
      return unknown(node);
    }
    case 'function_call':
      return functionCall(node, text, depth);
    case 'variable_expr': {
      const reference = traversal([node], text, depth);
      return reference ? unknown(node, { reference }) : unknown(node);
    }
    case 'operation': {
      // `-1` is a number; every other operation is only known at plan time.
      const unary = named(node)[0];
      if (unary?.type === 'unary_operation' && unary.child(0)?.type === '-') {
        const operand = named(unary)[0];
        const value = operand ? expression(operand, text, depth + 1) : undefined;
        if (value?.kind === 'number') return { kind: 'number', value: -value.value, span: spanOf(node) };
      }
      return unknown(node);
    }
    default:
      return unknown(node);
  }
}

// ---------------------------------------------------------------- blocks

function attribute(node: Node, text: string): Attribute | undefined {
  const parts = named(node);
  const name = parts[0];
  const value = parts[1];
  if (!name || name.type !== 'identifier' || !value) return undefined;
  return { name: source(name, text), nameSpan: spanOf(name), value: expression(value, text), span: spanOf(node) };
}

function labelOf(node: Node, text: string): string | undefined {
  if (node.type === 'identifier') return source(node, text);
  if (node.type !== 'string_lit') return undefined;
  const value = quoted(node, text);
  return value.kind === 'string' ? value.value : undefined;
}

/** Which top-level blocks' contents are needed (by type and labels); the others keep only their header. */
export type WantedBlocks = (type: string, labels: readonly string[]) => boolean;

interface BodyItems {
  attributes: Attribute[];
  blocks: Block[];
  /** Resource and data blocks found inside broken blocks, to be checked at the top level. */
  lifted: Block[];
  wanted: WantedBlocks | undefined;
}

function isTopLevelKind(block: Block): boolean {
  return (block.type === 'resource' || block.type === 'data') && block.labels.length === 2;
}

function collectBody(node: Node, text: string, depth: number, into: BodyItems, broken: boolean): void {
  for (const child of named(node)) {
    if (child.type === 'attribute') {
      const item = attribute(child, text);
      if (item) into.attributes.push(item);
    } else if (child.type === 'block') {
      const item = block(child, text, depth, into);
      if (!item) continue;
      // In a broken block (an unclosed `{` swallows what follows), a nested resource is really a top-level one.
      if (broken && depth > 0 && isTopLevelKind(item)) into.lifted.push(item);
      else into.blocks.push(item);
    } else if (child.type === 'ERROR' || child.type === 'body') {
      collectBody(child, text, depth, into, true);
    }
  }
}

function block(node: Node, text: string, depth: number, parent: BodyItems): Block | undefined {
  if (depth >= MAX_BLOCK_DEPTH) return undefined;
  const children = named(node);
  const type = children[0];
  if (!type || type.type !== 'identifier') return undefined;
  const labels: string[] = [];
  const labelSpans: Span[] = [];
  let openBrace: number | undefined;
  let closeBrace: number | undefined;
  let body: Node | undefined;
  for (const child of children.slice(1)) {
    if (child.type === 'string_lit' || child.type === 'identifier') {
      const label = labelOf(child, text);
      if (label === undefined) return undefined;
      labels.push(label);
      labelSpans.push(spanOf(child));
    } else if (child.type === 'block_start') {
      openBrace = child.startIndex;
    } else if (child.type === 'body') {
      body = child;
    } else if (child.type === 'block_end') {
      const brace = child.child(0);
      if (brace && !brace.isMissing && brace.endIndex > brace.startIndex) closeBrace = brace.startIndex;
    }
  }
  if (openBrace === undefined) return undefined;
  const items: BodyItems = { attributes: [], blocks: [], lifted: parent.lifted, wanted: parent.wanted };
  const typeName = source(type, text);
  // Skipping an unwanted block's body saves most of the work on big files; a broken one is
  // still read, for the resources its unclosed brace may have swallowed.
  const skip = depth === 0 && parent.wanted !== undefined && !parent.wanted(typeName, labels) && !node.hasError;
  if (body && !skip) collectBody(body, text, depth + 1, items, node.hasError);
  const lastLabel = labelSpans[labelSpans.length - 1];
  return {
    type: typeName,
    labels,
    labelSpans,
    header: { start: type.startIndex, end: lastLabel ? lastLabel.end : type.endIndex },
    span: spanOf(node),
    openBrace,
    closeBrace,
    attributes: items.attributes,
    blocks: items.blocks,
  };
}

// ---------------------------------------------------------------- syntax errors

const CLOSERS: Record<string, string> = { '}': '{', ']': '[', ')': '(' };

function firstProblemNode(root: Node): Node | undefined {
  if (!root.hasError) return undefined;
  let node = root;
  for (;;) {
    if (node.isError || node.isMissing) return node;
    const next = node.children.find((child): child is Node => child !== null && (child.hasError || child.isMissing));
    if (!next) return node;
    node = next;
  }
}

function excerpt(text: string, span: Span): string {
  const raw = text.slice(span.start, span.end);
  return raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
}

/** The first ERROR or MISSING node as one problem with a non-empty range. */
export function syntaxProblem(root: Node, text: string): SyntaxProblem | undefined {
  const node = firstProblemNode(root);
  if (!node) return undefined;
  if (node.isMissing) {
    const missing = node.type;
    const opener = CLOSERS[missing];
    if (opener) {
      // Point at the bracket that is never closed.
      for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
        const open = findOpener(ancestor, opener);
        if (open && open.startIndex < node.startIndex) {
          return { span: spanOf(open), message: `Syntax error: this "${opener}" is never closed (missing "${missing}").` };
        }
      }
    }
    const before = lastNonSpaceBefore(text, node.startIndex);
    const span = before >= 0 ? { start: before, end: before + 1 } : { start: 0, end: Math.min(1, text.length) };
    return { span, message: `Syntax error: missing ${/^\w+$/.test(missing) ? missing.replace(/_/g, ' ') : `"${missing}"`} after this.` };
  }
  // An ERROR node: its first line, trimmed.
  let end = node.endIndex;
  const lineBreak = text.indexOf('\n', node.startIndex);
  if (lineBreak >= 0 && lineBreak < end) end = lineBreak;
  while (end > node.startIndex && /\s/.test(text[end - 1]!)) end--;
  let start = node.startIndex;
  while (start < end && /\s/.test(text[start]!)) start++;
  if (end <= start) {
    const before = lastNonSpaceBefore(text, node.startIndex + 1);
    return { span: before >= 0 ? { start: before, end: before + 1 } : { start: 0, end: Math.min(1, text.length) }, message: 'Syntax error here.' };
  }
  return { span: { start, end }, message: `Syntax error: unexpected "${excerpt(text, { start, end })}".` };
}

function findOpener(ancestor: Node, opener: string): Node | undefined {
  for (const child of ancestor.children) {
    if (!child) continue;
    if (child.type === opener) return child;
    const first = child.child(0);
    if (first?.type === opener && /_start$/.test(child.type)) return first;
  }
  return undefined;
}

function lastNonSpaceBefore(text: string, offset: number): number {
  for (let i = Math.min(offset, text.length) - 1; i >= 0; i--) if (!/\s/.test(text[i]!)) return i;
  return -1;
}

// ---------------------------------------------------------------- the file

/**
 * The typed view of a parsed file. With `wanted`, top-level blocks it rejects keep
 * their type, labels and ranges but no attributes or nested blocks.
 */
export function hclFile(root: Node, text: string, wanted?: WantedBlocks): HclFile {
  const items: BodyItems = { attributes: [], blocks: [], lifted: [], wanted };
  for (const child of named(root)) {
    if (child.type === 'body' || child.type === 'ERROR') collectBody(child, text, 0, items, child.type === 'ERROR');
  }
  const file: HclFile = { blocks: [...items.blocks, ...items.lifted].sort((a, b) => a.span.start - b.span.start) };
  const problem = syntaxProblem(root, text);
  if (problem) file.syntaxError = problem;
  return file;
}

// ---------------------------------------------------------------- lookups

export function attributeOf(block: Block, name: string): Attribute | undefined {
  return block.attributes.find((attribute) => attribute.name === name);
}
