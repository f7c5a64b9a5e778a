/**
 * Quick fixes as minimal text edits: set an attribute (replace its value, or add a
 * line in the block's indentation before its closing brace), append items to a
 * list. Edits use the file's line break and indentation (tabs when the block is
 * indented with tabs), and keep the file valid HCL: a one-line block is opened up,
 * since HCL allows at most one attribute on a single-line block.
 */
import type { Fix, TextEdit } from '../model';
import type { TerraformContext } from './context';
import type { Block, ListValue, Span } from './hclTree';
import { attributeOf } from './hclTree';

function edit(context: TerraformContext, span: Span, newText: string): TextEdit {
  return { range: context.lines.range(span.start, span.end), newText };
}

function indentationAt(context: TerraformContext, offset: number): string {
  const line = context.lines.position(offset).line;
  return /^[ \t]*/.exec(context.lines.lineText(line))![0];
}

/** Whether only spaces/tabs precede `offset` on its line. */
function startsLine(context: TerraformContext, offset: number): boolean {
  const { line } = context.lines.position(offset);
  return context.text.slice(context.lines.lineStart(line), offset).trim() === '';
}

/** The indentation of a block's items: that of its first item on its own line, else one level deeper than the block. */
function innerIndentation(context: TerraformContext, block: Block): string {
  const items = [...block.attributes.map((a) => a.span.start), ...block.blocks.map((b) => b.span.start)].sort((a, b) => a - b);
  const first = items.find((start) => startsLine(context, start) && start > block.openBrace);
  if (first !== undefined) return indentationAt(context, first);
  const outer = indentationAt(context, block.span.start);
  return outer + (outer.includes('\t') ? '\t' : '  ');
}

/** Edits adding `line` (e.g. `storage_encrypted = true`) as the block's last item; undefined when the block is broken. */
export function insertIntoBlock(context: TerraformContext, block: Block, line: string): TextEdit[] | undefined {
  const close = block.closeBrace;
  if (close === undefined || close <= block.openBrace) return undefined;
  const { eol, lines, text } = context;
  const outer = indentationAt(context, block.span.start);
  const inner = innerIndentation(context, block);
  const openLine = lines.position(block.openBrace).line;
  const closeLine = lines.position(close).line;
  if (openLine === closeLine) {
    // One-line block: `x {}` or `x { a = 1 }` becomes a block over several lines.
    const inside = text.slice(block.openBrace + 1, close).trim();
    const body = (inside ? `${inner}${inside}${eol}` : '') + `${inner}${line}${eol}`;
    return [edit(context, { start: block.openBrace + 1, end: close }, `${eol}${body}${outer}`)];
  }
  if (startsLine(context, close)) {
    const at = lines.lineStart(closeLine);
    return [edit(context, { start: at, end: at }, `${inner}${line}${eol}`)];
  }
  // `  a = 1 }`: the new line goes before the brace, which moves to a line of its own.
  return [edit(context, { start: close, end: close }, `${eol}${inner}${line}${eol}${outer}`)];
}

/** Sets `name = valueText`: replaces the value if the attribute is there, else adds it. */
export function setAttribute(context: TerraformContext, block: Block, name: string, valueText: string): TextEdit[] | undefined {
  const existing = attributeOf(block, name);
  if (existing) return [edit(context, existing.value.span, valueText)];
  return insertIntoBlock(context, block, `${name} = ${valueText}`);
}

/** Sets a bool attribute, keeping a quoted value quoted (`"false"` becomes `"true"`). */
export function setBoolAttribute(context: TerraformContext, block: Block, name: string, value: boolean): TextEdit[] | undefined {
  const quoted = attributeOf(block, name)?.value.kind === 'string';
  return setAttribute(context, block, name, quoted ? `"${value}"` : String(value));
}

/** Appends items (HCL source, e.g. `"audit"`) to a literal list, in its layout. */
export function appendToList(context: TerraformContext, list: ListValue, items: readonly string[]): TextEdit[] {
  const { text, lines, eol } = context;
  const last = list.items[list.items.length - 1];
  if (!last) return [edit(context, list.span, `[${items.join(', ')}]`)];
  const closing = text.lastIndexOf(']', list.span.end - 1);
  const between = text.slice(last.span.end, closing > last.span.end ? closing : last.span.end);
  const comma = /^\s*,/.exec(between);
  const multiLine = lines.position(last.span.start).line > lines.position(list.span.start).line;
  if (multiLine) {
    const indent = indentationAt(context, last.span.start);
    if (comma) {
      const at = last.span.end + comma[0].length;
      return [edit(context, { start: at, end: at }, items.map((item) => `${eol}${indent}${item},`).join(''))];
    }
    return [edit(context, { start: last.span.end, end: last.span.end }, items.map((item) => `,${eol}${indent}${item}`).join(''))];
  }
  return [edit(context, { start: last.span.end, end: last.span.end }, items.map((item) => `, ${item}`).join(''))];
}

export function fix(title: string, edits: TextEdit[] | undefined): Fix | undefined {
  return edits && edits.length > 0 ? { title, edits } : undefined;
}
