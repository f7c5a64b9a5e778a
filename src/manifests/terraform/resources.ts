/**
 * Terraform on top of the HCL view: resources and data sources of a type, their
 * addresses, references between them (within the file only: a reference to a
 * resource declared in another file of the module cannot be followed), and
 * attribute values read the way Terraform converts them ("true" is a bool for a
 * bool attribute, "22" a number for a number attribute). Anything not literal
 * comes back undefined: the rules never report what they cannot know.
 */
import { type Block, type HclFile, type HclValue, type StringValue, attributeOf } from './hclTree';

export function resources(file: HclFile, type: string): Block[] {
  return file.blocks.filter((block) => block.type === 'resource' && block.labels.length === 2 && block.labels[0] === type);
}

export function dataSources(file: HclFile, type: string): Block[] {
  return file.blocks.filter((block) => block.type === 'data' && block.labels.length === 2 && block.labels[0] === type);
}

/** `aws_s3_bucket.logs`, `data.aws_iam_policy_document.admin`. */
export function address(block: Block): string {
  const name = block.labels.join('.');
  return block.type === 'data' ? `data.${name}` : name;
}

/** The resource name a value refers to (`aws_s3_bucket.logs.id` → `logs` for type `aws_s3_bucket`). */
export function referencedName(value: HclValue | undefined, type: string): string | undefined {
  if (value?.kind !== 'unknown' || !value.reference) return undefined;
  const [first, name] = value.reference;
  return first === type && name !== undefined ? name : undefined;
}

/** What the resources of one type in the file point at through one attribute (rotations → secrets, encryption configurations → buckets). */
export interface References {
  /** Resource names referred to (`aws_s3_bucket.NAME.id`). */
  names: Set<string>;
  /** Literal values (bucket names, secret names or ARNs). */
  literals: string[];
  /** A value that is neither: it may refer to any resource of the type. */
  unresolved: boolean;
}

export function referencesTo(file: HclFile, fromType: string, attribute: string, targetType: string): References {
  const result: References = { names: new Set(), literals: [], unresolved: false };
  for (const block of resources(file, fromType)) {
    const value = attributeOf(block, attribute)?.value;
    const name = referencedName(value, targetType);
    if (name !== undefined) result.names.add(name);
    else if (value?.kind === 'string') result.literals.push(value.value);
    else result.unresolved = true;
  }
  return result;
}

export function boolOf(value: HclValue | undefined): boolean | undefined {
  if (value?.kind === 'bool') return value.value;
  if (value?.kind === 'string' && (value.value === 'true' || value.value === 'false')) return value.value === 'true';
  return undefined;
}

export function numberOf(value: HclValue | undefined): number | undefined {
  if (value?.kind === 'number') return value.value;
  if (value?.kind === 'string' && /^-?\d+(?:\.\d+)?$/.test(value.value.trim())) return Number(value.value);
  return undefined;
}

export function stringOf(value: HclValue | undefined): string | undefined {
  if (value?.kind === 'string') return value.value;
  if (value?.kind === 'number') return String(value.value);
  if (value?.kind === 'bool') return String(value.value);
  return undefined;
}

/** A list of strings: its literal strings, and whether anything else (unknown) is in it. */
export interface StringList {
  strings: StringValue[];
  unknown: boolean;
}

export function stringListOf(value: HclValue | undefined): StringList | undefined {
  if (!value) return undefined;
  if (value.kind === 'string') return { strings: [value], unknown: false };
  if (value.kind !== 'list') return value.kind === 'null' ? { strings: [], unknown: false } : { strings: [], unknown: true };
  const strings: StringValue[] = [];
  let unknown = false;
  for (const item of value.items) {
    if (item.kind === 'string') strings.push(item);
    else unknown = true;
  }
  return { strings, unknown };
}
