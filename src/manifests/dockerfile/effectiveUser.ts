/**
 * Which user the image of a stage runs as, as far as the Dockerfile says: the last
 * USER of the stage, else of the stage it builds on (`FROM <stage>` inherits the
 * image configuration), else nothing (the base image's user: root for nearly all).
 */
import type { Instruction } from 'dockerfile-ast';
import type { Range } from '../model';
import { argumentsSpan, type ParsedDockerfile } from './parsedDockerfile';
import { scopeAt } from './stageVariables';
import { stageChain, type BuildStages, type Stage } from './stages';
import { expandVariables, hasVariables, withoutQuotes } from './variables';

export type UserVerdict = 'root' | 'non-root' | 'unknown';

export interface UserInstruction {
  stage: Stage;
  instruction: Instruction;
  /** The argument as written (`root`, `${APP_UID}:0`). */
  written: string;
  range: Range;
  /** With variables substituted; undefined when unknown. */
  resolved: string | undefined;
  verdict: UserVerdict;
}

export interface EffectiveUser {
  /** The USER that decides, or undefined when no stage of the chain sets one. */
  user: UserInstruction | undefined;
  /** The stage chain from the stage up to its external base image (nearest first). */
  chain: Stage[];
}

/** `root`, `0`, `root:<group>`, `0:<group>`; on Windows `ContainerAdministrator`. */
export function isRootUser(user: string): boolean {
  const name = user.trim().split(':')[0]!.trim();
  return name === 'root' || /^0+$/.test(name) || name.toLowerCase() === 'containeradministrator';
}

function lastUser(stage: Stage): Instruction | undefined {
  for (let i = stage.instructions.length - 1; i >= 0; i--) {
    const instruction = stage.instructions[i]!;
    if (instruction.getKeyword() === 'USER' && instruction.getArguments().length > 0) return instruction;
  }
  return undefined;
}

export function effectiveUser(doc: ParsedDockerfile, build: BuildStages, stage: Stage): EffectiveUser {
  const chain = stageChain(stage);
  for (const s of chain) {
    const instruction = lastUser(s);
    if (!instruction) continue;
    const span = argumentsSpan(doc, instruction.getArguments());
    if (!span) continue;
    const expanded = hasVariables(span.text, doc.escape) ? expandVariables(span.text, scopeAt(doc, build, s, instruction), doc.escape) : span.text;
    const resolved = expanded === undefined ? undefined : withoutQuotes(expanded, doc.escape);
    const verdict: UserVerdict = resolved === undefined || resolved.trim() === '' ? 'unknown' : isRootUser(resolved) ? 'root' : 'non-root';
    return { user: { stage: s, instruction, written: span.text, range: span.range, resolved, verdict }, chain };
  }
  return { user: undefined, chain };
}
