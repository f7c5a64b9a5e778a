/**
 * SR-DOCKER-004: ADD of a remote source that nothing pins: an http(s)/ftp URL
 * without `--checksum=`, or a Git remote at a branch or tag instead of a commit.
 */
import type { Add, Instruction } from 'dockerfile-ast';
import type { Finding, Range } from '../model';
import { finding, type DockerfileContext } from './context';
import { headerArguments, jsonStringsOf, toRange } from './parsedDockerfile';
import { REMOTE_ADD } from './rules';
import { scopeAt } from './stageVariables';
import type { Stage } from './stages';
import { expandVariables, hasVariables, withoutQuotes } from './variables';

type Remote = 'url' | 'ftp' | 'git';

const GIT_REMOTE = /^(?:git@[^\s:]+:|git:\/\/|ssh:\/\/)/i;
const HTTP = /^https?:\/\//i;
const FTP = /^ftp:\/\//i;
const COMMIT = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i;

/** What kind of remote a source is (BuildKit treats an http(s) URL of a `.git` repository as Git). */
function remoteKind(source: string): Remote | undefined {
  if (GIT_REMOTE.test(source)) return 'git';
  if (HTTP.test(source)) return /\.git(?:#|$)/i.test(source.split('?')[0]!) ? 'git' : 'url';
  if (FTP.test(source)) return 'ftp';
  return undefined;
}

/** A Git source pinned to a full commit hash (`repo.git#<commit>[:subdir]`). */
function pinnedCommit(source: string): boolean {
  const hash = source.indexOf('#');
  if (hash < 0) return false;
  const ref = source.slice(hash + 1).split(':')[0]!;
  return COMMIT.test(ref);
}

interface Source {
  value: string;
  range: Range;
}

function sourcesOf(context: DockerfileContext, instruction: Instruction): Source[] {
  const { doc } = context;
  const json = jsonStringsOf(instruction);
  if (json.length > 0) {
    return json.slice(0, -1).map((s) => ({ value: s.getJSONValue(), range: toRange(doc, s.getJSONValue() === '' ? s.getRange() : s.getJSONRange()) }));
  }
  return headerArguments(instruction)
    .slice(0, -1)
    .filter((arg) => !arg.getValue().startsWith('<<'))
    .map((arg) => ({ value: arg.getValue(), range: toRange(doc, arg.getRange()) }));
}

function hasChecksum(instruction: Instruction): boolean {
  return (instruction as Add).getFlags().some((flag) => flag.getName().toLowerCase() === 'checksum' && (flag.getValue() ?? '') !== '');
}

function check(context: DockerfileContext, stage: Stage, instruction: Instruction): Finding[] {
  const { doc, build } = context;
  const findings: Finding[] = [];
  const checksum = hasChecksum(instruction);
  for (const source of sourcesOf(context, instruction)) {
    const expanded = hasVariables(source.value, doc.escape) ? expandVariables(source.value, scopeAt(doc, build, stage, instruction), doc.escape) : source.value;
    if (expanded === undefined) continue;
    const value = withoutQuotes(expanded, doc.escape);
    const kind = remoteKind(value);
    if (!kind || checksum) continue;
    const shown = value === source.value ? value : `${source.value} (${value})`;
    if (kind === 'git') {
      if (pinnedCommit(value)) continue;
      findings.push(finding(REMOTE_ADD, `ADD clones ${shown} at whatever its branch or tag points to when the image is built. Pin a full commit hash (#<commit>) or add --checksum=.`, source.range));
    } else if (kind === 'ftp') {
      findings.push(finding(REMOTE_ADD, `ADD of ${shown}: ADD cannot download FTP sources, and nothing verifies the file. Download it in RUN and check its sha256.`, source.range));
    } else {
      findings.push(finding(REMOTE_ADD, `ADD downloads ${shown} at build time without verifying it. Add --checksum=sha256:<digest> (or download and verify it in RUN).`, source.range));
    }
  }
  return findings;
}

export function remoteAdd(context: DockerfileContext): Finding[] {
  const findings: Finding[] = [];
  for (const stage of context.build.stages) {
    for (const instruction of stage.instructions) if (instruction.getKeyword() === 'ADD') findings.push(...check(context, stage, instruction));
  }
  return findings;
}
