/**
 * SR-PARSE for Dockerfiles: what Docker (BuildKit) itself refuses to build, found
 * on the parsed file. `dockerfile-ast` is tolerant and reports nothing, so these
 * are the checks of BuildKit's parser and instruction parsing that are certain:
 * unknown instructions, instructions before the first FROM, a malformed FROM, ENV
 * and LABEL pairs without a value, missing arguments, an unterminated
 * here-document, an invalid `escape` directive. Nothing that BuildKit accepts is
 * reported (a line continuation at the end of the file, for instance, is accepted).
 */
import type { Instruction } from 'dockerfile-ast';
import type { Finding, Range } from '../model';
import type { DockerfileContext } from './context';
import { argumentsSpan, headerArguments, heredocsOf, jsonStringsOf, keywordRange, propertiesOf, toRange, type ParsedDockerfile } from './parsedDockerfile';

const KNOWN = [
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
];

/** Instructions BuildKit refuses without any argument. */
const NEED_ARGUMENTS = new Set(['ADD', 'ARG', 'COPY', 'ENV', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

const STAGE_NAME = /^[a-z][a-z0-9._-]*$/;

function parseError(message: string, range: Range): Finding {
  return { ruleId: 'SR-PARSE', severity: 'error', message, range };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function suggestion(keyword: string): string {
  if (keyword.length > 20) return '';
  const close = KNOWN.map((known) => ({ known, distance: editDistance(keyword, known) }))
    .filter((c) => c.distance <= 2 && c.distance < c.known.length)
    .sort((a, b) => a.distance - b.distance)[0];
  return close ? ` (did you mean ${close.known}?)` : '';
}

function argumentsRange(doc: ParsedDockerfile, instruction: Instruction): Range {
  return argumentsSpan(doc, instruction.getArguments())?.range ?? keywordRange(doc, instruction);
}

function checkFrom(doc: ParsedDockerfile, instruction: Instruction): Finding[] {
  const args = instruction.getArguments();
  if (args.length === 0) return [parseError('FROM needs a base image (`FROM image[:tag] [AS name]`).', keywordRange(doc, instruction))];
  if (args.length === 3 && args[1]!.getValue().toLowerCase() === 'as') {
    const name = args[2]!.getValue();
    if (!STAGE_NAME.test(name.toLowerCase())) {
      return [parseError(`Invalid build stage name "${name}": it must start with a letter and contain only letters, digits, "-", "_" and ".".`, toRange(doc, args[2]!.getRange()))];
    }
    return [];
  }
  if (args.length !== 1) return [parseError('FROM takes one image, optionally followed by `AS name`.', argumentsRange(doc, instruction))];
  return [];
}

function checkProperties(doc: ParsedDockerfile, instruction: Instruction, keyword: string): Finding[] {
  const properties = propertiesOf(instruction);
  const blank = properties.find((property) => property.getName() === '');
  if (blank) return [parseError(`${keyword} names cannot be blank.`, toRange(doc, blank.getRange()))];
  // Docker reports the first word that is not NAME=value; one finding per instruction says it.
  const missing = properties.find((property) => property.getValue() === null);
  if (!missing) return [];
  const name = missing.getName();
  const range = toRange(doc, missing.getNameRange());
  if (properties.length === 1) return [parseError(`${keyword} ${name} has no value: write ${name}=value.`, range)];
  const comment = name.startsWith('#') ? ' (# starts a comment only at the start of a line)' : '';
  return [parseError(`${keyword} takes NAME=value pairs, and "${name}" is not one${comment}.`, range)];
}

function checkCopyOrAdd(doc: ParsedDockerfile, instruction: Instruction, keyword: string): Finding[] {
  const json = jsonStringsOf(instruction);
  const count = json.length > 0 ? json.length : headerArguments(instruction).length;
  if (count < 2) return [parseError(`${keyword} needs a source and a destination.`, argumentsRange(doc, instruction))];
  return [];
}

function checkHealthcheck(doc: ParsedDockerfile, instruction: Instruction): Finding[] {
  const args = instruction.getArguments();
  const type = args[0];
  if (!type) return [];
  const value = type.getValue().toUpperCase();
  if (value === 'NONE') {
    return args.length > 1 ? [parseError('HEALTHCHECK NONE takes no arguments.', argumentsSpan(doc, args.slice(1))!.range)] : [];
  }
  if (value !== 'CMD') return [parseError(`Unknown HEALTHCHECK type "${type.getValue()}": write HEALTHCHECK CMD <command> or HEALTHCHECK NONE.`, toRange(doc, type.getRange()))];
  if (args.length === 1) return [parseError('HEALTHCHECK CMD needs a command.', toRange(doc, type.getRange()))];
  return [];
}

function checkOnbuild(doc: ParsedDockerfile, instruction: Instruction): Finding[] {
  const trigger = instruction.getArguments()[0];
  if (!trigger) return [];
  const word = trigger.getValue().toUpperCase();
  if (word === 'ONBUILD' || word === 'FROM' || word === 'MAINTAINER') {
    return [parseError(`${word} is not allowed as an ONBUILD trigger.`, toRange(doc, trigger.getRange()))];
  }
  return [];
}

function checkHeredocs(doc: ParsedDockerfile, instruction: Instruction): Finding[] {
  const findings: Finding[] = [];
  for (const heredoc of heredocsOf(instruction)) {
    if (heredoc.getName() !== '' && heredoc.getDelimiterRange() === null) {
      findings.push(parseError(`Unterminated here-document: no line "${heredoc.getName()}" ends it.`, toRange(doc, heredoc.getStartRange())));
    }
  }
  return findings;
}

function checkInstruction(doc: ParsedDockerfile, instruction: Instruction): Finding[] {
  const keyword = instruction.getKeyword();
  if (!KNOWN.includes(keyword)) {
    return [parseError(`Unknown instruction ${instruction.getInstruction()}${suggestion(keyword)}.`, keywordRange(doc, instruction))];
  }
  if (keyword === 'FROM') return checkFrom(doc, instruction);
  if (NEED_ARGUMENTS.has(keyword) && instruction.getArguments().length === 0) {
    return [parseError(`${keyword} needs an argument.`, keywordRange(doc, instruction))];
  }
  switch (keyword) {
    case 'ENV':
    case 'LABEL':
      return checkProperties(doc, instruction, keyword);
    case 'ADD':
    case 'COPY':
      return [...checkCopyOrAdd(doc, instruction, keyword), ...checkHeredocs(doc, instruction)];
    case 'RUN':
      return checkHeredocs(doc, instruction);
    case 'HEALTHCHECK':
      return checkHealthcheck(doc, instruction);
    case 'ONBUILD':
      return checkOnbuild(doc, instruction);
    default:
      return [];
  }
}

export function syntaxProblems(context: DockerfileContext): Finding[] {
  const { doc, build } = context;
  const findings: Finding[] = [];
  for (const directive of doc.ast.getDirectives()) {
    const value = directive.getValue();
    if (directive.getName().toLowerCase() === 'escape' && value !== '' && value !== '\\' && value !== '`') {
      findings.push(parseError('The escape directive accepts only \\ or `.', toRange(doc, directive.getValueRange())));
    }
  }
  for (const instruction of doc.instructions) findings.push(...checkInstruction(doc, instruction));
  for (const stray of build.strayBeforeFrom) {
    if (KNOWN.includes(stray.getKeyword())) {
      findings.push(parseError(`${stray.getKeyword()} before the first FROM: only ARG may come before it.`, keywordRange(doc, stray)));
    }
  }
  if (build.stages.length === 0 && build.globalArgs.length > 0) {
    findings.push(parseError('No FROM instruction: there is no stage to build.', keywordRange(doc, build.globalArgs[0]!)));
  }
  return findings;
}
