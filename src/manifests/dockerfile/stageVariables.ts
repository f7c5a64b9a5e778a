/**
 * The variables visible at an instruction of a stage, as far as the file decides
 * them: the ENV of the stages it builds on (`FROM <stage>` inherits ENV, not ARG),
 * the global ARGs it re-declares (`ARG NAME`), and its own ARG defaults and ENV
 * values before that instruction. Each stage is indexed once, so asking at many
 * instructions stays linear.
 */
import type { Instruction } from 'dockerfile-ast';
import { propertiesOf, type ParsedDockerfile } from './parsedDockerfile';
import { stageChain, type BuildStages, type Stage } from './stages';
import { expandVariables, type Scope } from './variables';
import { partitionPoint } from '../partitionPoint';

interface Declaration {
  /** Index of the declaring instruction in the stage. */
  index: number;
  value: string | undefined;
}

interface StageVariables {
  /** ENV values of the stages this one builds on. */
  inherited: ReadonlyMap<string, string | undefined>;
  /** This stage's declarations per name, in order. */
  declarations: ReadonlyMap<string, readonly Declaration[]>;
  /** ENV values at the end of the stage (what a stage built on it inherits). */
  finalEnv: ReadonlyMap<string, string | undefined>;
  positions: ReadonlyMap<Instruction, number>;
}

const indexes = new WeakMap<Stage, StageVariables>();

function index(doc: ParsedDockerfile, build: BuildStages, stage: Stage, inherited: ReadonlyMap<string, string | undefined>): StageVariables {
  const current = new Map(inherited);
  const finalEnv = new Map(inherited);
  const declarations = new Map<string, Declaration[]>();
  const positions = new Map<Instruction, number>();
  stage.instructions.forEach((instruction, i) => {
    positions.set(instruction, i);
    const keyword = instruction.getKeyword();
    if (keyword !== 'ENV' && keyword !== 'ARG') return;
    for (const property of propertiesOf(instruction)) {
      const name = property.getName();
      if (!name) continue;
      const written = property.getValue();
      // `ARG NAME` inside a stage brings in the global ARG's default, if there is one.
      const value = written === null ? (keyword === 'ARG' ? build.globalScope.get(name) : undefined) : expandVariables(written, current, doc.escape);
      current.set(name, value);
      if (keyword === 'ENV') finalEnv.set(name, value);
      const list = declarations.get(name);
      if (list) list.push({ index: i, value });
      else declarations.set(name, [{ index: i, value }]);
    }
  });
  return { inherited, declarations, finalEnv, positions };
}

function variablesOf(doc: ParsedDockerfile, build: BuildStages, stage: Stage): StageVariables {
  const cached = indexes.get(stage);
  if (cached) return cached;
  // Index the chain from its first stage on, without recursion (chains can be long).
  let inherited: ReadonlyMap<string, string | undefined> = new Map();
  let result: StageVariables | undefined;
  for (const s of stageChain(stage).reverse()) {
    result = indexes.get(s) ?? index(doc, build, s, inherited);
    indexes.set(s, result);
    inherited = result.finalEnv;
  }
  return result!;
}

/** The last declaration before `limit`, by binary search. */
function lastBefore(list: readonly Declaration[], limit: number): Declaration | undefined {
  return list[partitionPoint(list, (declaration) => declaration.index < limit) - 1];
}

/** The variables an instruction of the stage sees (all of the stage's, without `before`). */
export function scopeAt(doc: ParsedDockerfile, build: BuildStages, stage: Stage, before: Instruction | undefined): Scope {
  const variables = variablesOf(doc, build, stage);
  const limit = before ? (variables.positions.get(before) ?? stage.instructions.length) : stage.instructions.length;
  const find = (name: string): { value: string | undefined } | undefined => {
    const own = variables.declarations.get(name);
    const declaration = own ? lastBefore(own, limit) : undefined;
    if (declaration) return declaration;
    return variables.inherited.has(name) ? { value: variables.inherited.get(name) } : undefined;
  };
  return { has: (name) => find(name) !== undefined, get: (name) => find(name)?.value };
}
