/**
 * The quick fix of SR-DOCKER-001: make the final stage end as a non-root user.
 *
 * - When the final stage's own last USER is root and no RUN follows it, that
 *   user is replaced.
 * - Otherwise `USER 10001` is added on a new line before the final stage's first
 *   CMD/ENTRYPOINT that comes after its last RUN (and after a root USER), above
 *   the comments that introduce it; without one, after the stage's last
 *   instruction. RUN steps before it keep running as root (package installs).
 *
 * On Windows base images the user is `ContainerUser`. The edit is verified by
 * parsing the result (a line continuation or an open here-document could
 * otherwise swallow the new line); when the final stage does not then end with
 * the new user, no fix is offered.
 */
import type { Instruction } from 'dockerfile-ast';
import type { Fix, TextEdit } from '../model';
import { applyEdits } from '../textEdits';
import { LineIndex } from '../lineIndex';
import type { DockerfileContext } from './context';
import type { UserInstruction } from './effectiveUser';
import { argumentsSpan, parseDockerfile } from './parsedDockerfile';
import { buildStages, stageChain, type Stage } from './stages';

export const NON_ROOT_UID = '10001';
export const WINDOWS_NON_ADMIN_USER = 'ContainerUser';

const WINDOWS_IMAGE = /windows|nanoserver|servercore/i;

function onWindows(stage: Stage): boolean {
  const chain = stageChain(stage);
  const base = chain[chain.length - 1]!.base;
  return base !== undefined && WINDOWS_IMAGE.test(base.resolved ?? base.written);
}

function indexOfLastRun(instructions: readonly Instruction[]): number {
  for (let i = instructions.length - 1; i >= 0; i--) if (instructions[i]!.getKeyword() === 'RUN') return i;
  return -1;
}

/** A new line `USER <user>` above `instruction` (and above the comment lines directly over it). */
function insertBefore(context: DockerfileContext, stage: Stage, index: number, user: string): TextEdit {
  const { doc } = context;
  const instruction = stage.instructions[index]!;
  const previous = index > 0 ? stage.instructions[index - 1]! : stage.from;
  const floor = previous.getRange().end.line;
  let line = instruction.getRange().start.line;
  while (line - 1 > floor && /^\s*#/.test(doc.lines.lineText(line - 1))) line--;
  return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: `USER ${user}${doc.eol}` };
}

/** A new line `USER <user>` after the stage's last instruction (or its FROM). */
function insertAtEnd(context: DockerfileContext, stage: Stage, user: string): TextEdit {
  const { doc } = context;
  const last = stage.instructions[stage.instructions.length - 1] ?? stage.from;
  const line = last.getRange().end.line;
  const character = doc.lines.lineText(line).length;
  return { range: { start: { line, character }, end: { line, character } }, newText: `${doc.eol}USER ${user}` };
}

/**
 * Whether the fixed file's final stage ends with the new user. The edits only touch
 * the final stage, so that stage alone is parsed again (with the file's escape
 * character): a line continuation or an unterminated here-document that would
 * swallow the new line shows up there.
 */
function verified(context: DockerfileContext, finalStage: Stage, user: string, addsLine: boolean, fix: Fix): Fix | undefined {
  const { doc } = context;
  const stageStart = doc.lines.lineStart(finalStage.from.getRange().start.line);
  const fixed = applyEdits(doc.text, fix.edits);
  const directive = doc.escape === '`' ? '# escape=`\n' : '';
  const stageText = directive + fixed.slice(stageStart);
  const reparsed = parseDockerfile(stageText, new LineIndex(stageText));
  const stages = buildStages(reparsed).stages;
  if (stages.length !== 1) return undefined;
  const instructions = stages[0]!.instructions;
  const added = instructions.length - finalStage.instructions.length;
  const last = [...instructions].reverse().find((instruction) => instruction.getKeyword() === 'USER');
  const written = last ? argumentsSpan(reparsed, last.getArguments())?.text : undefined;
  return added === (addsLine ? 1 : 0) && written === user ? fix : undefined;
}

export function nonRootUserFix(context: DockerfileContext, finalStage: Stage, rootUser: UserInstruction | undefined): Fix | undefined {
  const user = onWindows(finalStage) ? WINDOWS_NON_ADMIN_USER : NON_ROOT_UID;
  const instructions = finalStage.instructions;
  const ownRootUser = rootUser && rootUser.stage === finalStage ? instructions.indexOf(rootUser.instruction) : -1;
  const lastRun = indexOfLastRun(instructions);
  if (rootUser && ownRootUser >= 0 && lastRun < ownRootUser) {
    return verified(context, finalStage, user, false, { title: `Run the image as ${user} instead of ${rootUser.written}`, edits: [{ range: rootUser.range, newText: user }] });
  }
  const after = Math.max(lastRun, ownRootUser);
  const start = instructions.findIndex((instruction, i) => i > after && (instruction.getKeyword() === 'CMD' || instruction.getKeyword() === 'ENTRYPOINT'));
  const edit = start >= 0 ? insertBefore(context, finalStage, start, user) : insertAtEnd(context, finalStage, user);
  const where = start >= 0 ? ` before ${instructions[start]!.getKeyword()}` : '';
  return verified(context, finalStage, user, true, { title: `Add USER ${user}${where} (run the image as a non-root user)`, edits: [edit] });
}
