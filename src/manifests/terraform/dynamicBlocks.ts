/**
 * `dynamic "name" { for_each = ...; content { ... } }` blocks, seen as the nested
 * blocks they produce.
 *
 * When `for_each` is a literal list or map (also through `toset`/`tolist`/`tomap`),
 * each element gives one block whose references to the iterator (`name.value`,
 * `name.value.port`, `name.value["port"]`, `name.key`) are replaced by the
 * element's literal values — which keep their own source ranges, so a finding
 * points at the literal in `for_each`. Otherwise the `content` block is taken once
 * as it is: its references to the iterator stay unknown, and literal attributes
 * (the same for every element) are still checked.
 */
import { type Block, type HclValue, type ObjectEntry, attributeOf } from './hclTree';

interface Element {
  key: HclValue;
  value: HclValue;
}

const CONVERSIONS = new Set(['toset', 'tolist', 'tomap']);

/** The elements of a literal `for_each`, or undefined when they are not known. */
function elementsOf(forEach: HclValue | undefined): Element[] | undefined {
  if (!forEach) return undefined;
  if (forEach.kind === 'unknown' && forEach.call && CONVERSIONS.has(forEach.call.name) && forEach.call.args.length === 1) {
    return elementsOf(forEach.call.args[0]);
  }
  if (forEach.kind === 'list') {
    return forEach.items.map((value, index) => ({ key: { kind: 'number', value: index, span: value.span }, value }));
  }
  if (forEach.kind === 'object') {
    const elements: Element[] = [];
    for (const entry of forEach.entries) {
      if (entry.key === undefined) return undefined;
      elements.push({ key: { kind: 'string', value: entry.key, offsets: [], span: entry.keySpan }, value: entry.value });
    }
    return elements;
  }
  return undefined;
}

/** `value` navigated by the steps after `iterator.value`. */
function navigate(value: HclValue, steps: readonly string[], fallback: HclValue): HclValue {
  let current = value;
  for (const step of steps) {
    if (current.kind === 'object') {
      const entry = current.entries.find((candidate) => candidate.key === step);
      if (!entry) return fallback;
      current = entry.value;
    } else if (current.kind === 'list' && /^\d+$/.test(step)) {
      const item = current.items[Number(step)];
      if (!item) return fallback;
      current = item;
    } else {
      return fallback;
    }
  }
  return current;
}

function substitute(value: HclValue, iterator: string, element: Element, depth = 0): HclValue {
  if (depth > 64) return value;
  switch (value.kind) {
    case 'unknown': {
      const reference = value.reference;
      if (reference && reference[0] === iterator) {
        if (reference[1] === 'key' && reference.length === 2) return element.key;
        if (reference[1] === 'value') return navigate(element.value, reference.slice(2), value);
      }
      if (value.call) return { ...value, call: { name: value.call.name, args: value.call.args.map((arg) => substitute(arg, iterator, element, depth + 1)) } };
      return value;
    }
    case 'list':
      return { ...value, items: value.items.map((item) => substitute(item, iterator, element, depth + 1)) };
    case 'object':
      return {
        ...value,
        entries: value.entries.map((entry): ObjectEntry => ({ ...entry, value: substitute(entry.value, iterator, element, depth + 1) })),
      };
    default:
      return value;
  }
}

function substituteBlock(block: Block, iterator: string, element: Element | undefined, depth = 0): Block {
  if (!element || depth > 32) return block;
  return {
    ...block,
    attributes: block.attributes.map((attribute) => ({ ...attribute, value: substitute(attribute.value, iterator, element) })),
    blocks: block.blocks.map((child) => substituteBlock(child, iterator, element, depth + 1)),
  };
}

/** The blocks one `dynamic` block stands for (see the file comment). */
export function expandDynamic(dynamic: Block): Block[] {
  const content = dynamic.blocks.find((child) => child.type === 'content');
  const name = dynamic.labels[0];
  if (!content || name === undefined) return [];
  const iteratorValue = attributeOf(dynamic, 'iterator')?.value;
  const iterator = iteratorValue?.kind === 'unknown' && iteratorValue.reference?.length === 1 ? iteratorValue.reference[0]! : name;
  const elements = elementsOf(attributeOf(dynamic, 'for_each')?.value);
  const asBlock = (element: Element | undefined): Block => ({
    ...substituteBlock(content, iterator, element),
    type: name,
    labels: [],
    labelSpans: [],
    header: dynamic.header,
    dynamic,
  });
  if (!elements) return [asBlock(undefined)];
  return elements.map((element) => asBlock(element));
}

/** The nested blocks of a type, written out or made by `dynamic` blocks. */
export function nestedBlocks(block: Block, type: string): Block[] {
  const result: Block[] = [];
  for (const child of block.blocks) {
    if (child.type === type) result.push(child);
    else if (child.type === 'dynamic' && child.labels[0] === type) result.push(...expandDynamic(child));
  }
  return result;
}
