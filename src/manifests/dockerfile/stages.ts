/**
 * The build stages of a Dockerfile: each FROM with its base image (resolved from
 * the ARG defaults declared before the first FROM where it uses variables), its
 * alias, its instructions, and the earlier stage it builds on when its base is a
 * stage alias (`FROM builder`). The last stage is the image that ships.
 */
import type { From, Instruction } from 'dockerfile-ast';
import type { Range } from '../model';
import { parseImageReference, isScratch, type ImageReference } from './imageReference';
import { keywordRange, propertiesOf, toRange, type ParsedDockerfile } from './parsedDockerfile';
import { declare, expandVariables, hasVariables, withoutQuotes, type Scope } from './variables';

export interface BaseImage {
  /** The image argument as written (`python:3.12`, `${BASE}`). */
  written: string;
  /** Where it is written. */
  range: Range;
  /** With the ARG defaults substituted; undefined when a variable's value cannot be known. */
  resolved: string | undefined;
  /** Whether the written text uses variables. */
  viaVariables: boolean;
  /** The parsed resolved reference (undefined when unresolved). */
  reference: ImageReference | undefined;
  scratch: boolean;
}

export interface Stage {
  index: number;
  from: From;
  /** Range of the FROM keyword (where "something is missing" findings point). */
  fromKeyword: Range;
  /** The alias (`AS name`), lower-cased as Docker compares it; undefined without one. */
  alias: string | undefined;
  /** The base image; undefined when FROM has no argument. */
  base: BaseImage | undefined;
  /** The earlier stage this one builds on (`FROM <alias>`), if any. */
  parent: Stage | undefined;
  /** The stage's instructions after its FROM, up to the next FROM. */
  instructions: Instruction[];
}

export interface BuildStages {
  /** ARG instructions before the first FROM. */
  globalArgs: Instruction[];
  /** The variables those ARGs declare, with their defaults. */
  globalScope: Scope;
  /** Instructions before the first FROM that are not ARG (a syntax problem). */
  strayBeforeFrom: Instruction[];
  stages: Stage[];
}

function baseImageOf(doc: ParsedDockerfile, from: From, scope: Scope): BaseImage | undefined {
  const image = from.getArguments()[0];
  if (!image) return undefined;
  const written = image.getValue();
  const viaVariables = hasVariables(written, doc.escape);
  const expanded = viaVariables ? expandVariables(written, scope, doc.escape) : written;
  const resolved = expanded === undefined ? undefined : withoutQuotes(expanded, doc.escape);
  return {
    written,
    range: toRange(doc, image.getRange()),
    resolved,
    viaVariables,
    reference: resolved === undefined || resolved === '' ? undefined : parseImageReference(resolved),
    scratch: resolved !== undefined && isScratch(resolved),
  };
}

export function buildStages(doc: ParsedDockerfile): BuildStages {
  const globalArgs: Instruction[] = [];
  const strayBeforeFrom: Instruction[] = [];
  const globalScope = new Map<string, string | undefined>();
  const stages: Stage[] = [];
  for (const instruction of doc.instructions) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      const args = from.getArguments();
      const alias = args.length === 3 && args[1]!.getValue().toLowerCase() === 'as' ? args[2]!.getValue().toLowerCase() : undefined;
      const base = baseImageOf(doc, from, globalScope);
      const baseName = base?.resolved?.toLowerCase();
      // Docker resolves a base name against the stages defined before this one (names compare case-insensitively).
      let parent: Stage | undefined;
      if (baseName !== undefined) {
        for (let i = stages.length - 1; i >= 0; i--) {
          if (stages[i]!.alias === baseName) {
            parent = stages[i];
            break;
          }
        }
      }
      stages.push({ index: stages.length, from, fromKeyword: keywordRange(doc, from), alias, base, parent, instructions: [] });
      continue;
    }
    const current = stages[stages.length - 1];
    if (current) current.instructions.push(instruction);
    else if (keyword === 'ARG') {
      globalArgs.push(instruction);
      for (const property of propertiesOf(instruction)) {
        declare(globalScope, property.getName(), property.getValue(), doc.escape);
      }
    } else strayBeforeFrom.push(instruction);
  }
  return { globalArgs, globalScope, strayBeforeFrom, stages };
}

/** The stage and the stages it builds on, nearest first (`FROM a AS b` / `FROM b`: [b-stage, a-stage]). */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  // Parents are always earlier stages, so the chain is at most index + 1 long (the bound only guards the loop).
  for (let s: Stage | undefined = stage; s && chain.length <= stage.index; s = s.parent) chain.push(s);
  return chain;
}
