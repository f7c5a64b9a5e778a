/** SR-DOCKER-001: the final stage (the shipped image) runs as root. */
import type { Finding } from '../model';
import { finding, lineOf, type DockerfileContext } from './context';
import { effectiveUser } from './effectiveUser';
import { RUNS_AS_ROOT } from './rules';
import { nonRootUserFix } from './userFix';

export function runsAsRoot(context: DockerfileContext): Finding[] {
  const { doc, build, finalStage } = context;
  if (!finalStage) return [];
  const { user, chain } = effectiveUser(doc, build, finalStage);
  if (user && user.verdict !== 'root') return [];
  const fix = nonRootUserFix(context, finalStage, user);
  if (user) {
    const resolvedNote = user.resolved !== undefined && user.resolved !== user.written ? ` (= ${user.resolved})` : '';
    if (user.stage === finalStage) {
      return [finding(RUNS_AS_ROOT, `The image runs as root: the final stage's last USER is ${user.written}${resolvedNote}. Switch to a non-root user after the steps that need root.`, user.range, fix)];
    }
    const via = user.stage.alias ? `stage "${user.stage.alias}"` : `the stage at ${lineOf(user.stage.fromKeyword)}`;
    return [
      finding(
        RUNS_AS_ROOT,
        `The image runs as root: the final stage sets no USER and inherits USER ${user.written}${resolvedNote} from ${via} (${lineOf(user.range)}). Add a non-root USER to the final stage.`,
        finalStage.fromKeyword,
        fix,
      ),
    ];
  }
  const inherited = chain.length > 1 ? ', nor do the stages it builds on' : '';
  const message = chain[chain.length - 1]!.base?.scratch
    ? `The image runs as root: the final stage sets no USER${inherited} and builds on scratch, so its process runs as uid 0. Add USER with a numeric uid (scratch has no /etc/passwd).`
    : `The image runs as root: the final stage sets no USER${inherited}, so it keeps the base image's user, which is root for nearly every image. Add a non-root USER.`;
  return [finding(RUNS_AS_ROOT, message, finalStage.fromKeyword, fix)];
}
