/** `security-runbooks runbook check`: loaded when the command runs. */
import { readFile } from 'node:fs/promises';
import { validateRunbook, type RunbookProblem } from '../runbook/validate';
import { EXIT, type CliIo } from './cliIo';
import { choiceOption, CliError, type ParsedArgs } from './command';
import { displayPath, walkFiles } from './fileWalk';
import { fileErrorReason } from './wording';

const RUNBOOK_SUFFIX = '.runbook.md';
const FORMATS = ['text', 'json'] as const;

interface CheckedRunbook {
  /** Relative to the working directory, with `/`. */
  path: string;
  problems: RunbookProblem[];
}

export async function runRunbookCheck(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = choiceOption(args, 'format', FORMATS, 'text');
  const strict = args.values.strict === true;
  const walked = walkFiles(args.positionals.length > 0 ? args.positionals : ['.'], io.cwd, { accept: (file) => file.endsWith(RUNBOOK_SUFFIX) });
  if (walked.missing.length > 0) throw new CliError(`no such file or directory: ${walked.missing.join(', ')}`);
  const files = [...walked.files].sort();
  if (files.length === 0) {
    const where = args.positionals.length > 0 ? args.positionals.join(', ') : 'the current directory';
    throw new CliError(`no runbook (*${RUNBOOK_SUFFIX}) found in ${where}`);
  }

  const checked: CheckedRunbook[] = [];
  for (const file of files) {
    const shown = displayPath(file, io.cwd);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CliError(`cannot read ${shown}: ${fileErrorReason(error)}`);
    }
    checked.push({ path: shown, problems: validateRunbook(text) });
  }

  const all = checked.flatMap((runbook) => runbook.problems);
  const errors = all.filter((problem) => problem.severity === 'error').length;
  const warnings = all.length - errors;
  if (format === 'json') {
    io.out(`${JSON.stringify({ runbooks: checked, errors, warnings }, null, 2)}\n`);
  } else {
    for (const runbook of checked) {
      for (const problem of runbook.problems) {
        const severity = problem.severity === 'error' ? io.outStyle.red(problem.severity) : io.outStyle.yellow(problem.severity);
        io.out(`${runbook.path}:${problem.line}:${problem.column}: ${severity} [${problem.code}] ${problem.message}\n`);
      }
    }
  }
  io.err(`${summary(checked.length, errors, warnings, io)}\n`);
  return errors > 0 || (strict && warnings > 0) ? EXIT.findings : EXIT.ok;
}

function summary(runbooks: number, errors: number, warnings: number, io: CliIo): string {
  const counted = `${runbooks} ${runbooks === 1 ? 'runbook' : 'runbooks'} checked`;
  if (errors === 0 && warnings === 0) return `${counted}: ${io.errStyle.green('no problems')}`;
  const parts: string[] = [];
  if (errors > 0) parts.push(io.errStyle.red(`${errors} ${errors === 1 ? 'error' : 'errors'}`));
  if (warnings > 0) parts.push(io.errStyle.yellow(`${warnings} ${warnings === 1 ? 'warning' : 'warnings'}`));
  return `${counted}: ${parts.join(', ')}`;
}

