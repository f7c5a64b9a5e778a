/** `security-runbooks lint`: loaded when the command runs (the manifest parsers are heavy). */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Severity } from '../manifests/model';
import { EXIT } from './cliIo';
import { choiceOption, CliError, stringOption, type ParsedArgs } from './command';
import type { CliIo } from './cliIo';
import { walkFiles } from './fileWalk';
import { lintFiles, mayBeManifest } from './lintFiles';
import { atOrAbove, countFindings, lintJson, lintText, summaryLine } from './lintReport';
import { lintSarif } from './lintSarif';
import { createStyle } from './style';
import { cliVersion } from './version';
import { fileErrorReason } from './wording';

const FORMATS = ['text', 'json', 'sarif'] as const;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export async function runLint(args: ParsedArgs, io: CliIo): Promise<number> {
  const format = choiceOption(args, 'format', FORMATS, 'text');
  const threshold = choiceOption(args, 'severity', SEVERITIES, 'warning');
  const output = stringOption(args, 'output');
  const configFile = stringOption(args, 'config');
  const paths = args.positionals.length > 0 ? args.positionals : ['.'];

  const walked = walkFiles(paths, io.cwd, { accept: mayBeManifest, gitignore: args.values['no-gitignore'] !== true });
  if (walked.missing.length > 0) throw new CliError(`no such file or folder: ${walked.missing.join(', ')}`);
  const named = new Set(paths.map((p) => path.resolve(io.cwd, p)));
  const run = await lintFiles(walked.files, { cwd: io.cwd, ...(configFile ? { configFile } : {}), named });

  for (const problem of run.configProblems) io.err(`${io.errStyle.yellow('settings')} ${problem}\n`);
  for (const notice of run.notices) io.err(`${io.errStyle.dim(notice)}\n`);

  const version = cliVersion();
  const style = output ? createStyle(false) : io.outStyle; // files get no colour codes
  const rendered =
    format === 'sarif'
      ? `${JSON.stringify(lintSarif(run.files, { toolVersion: version, rootUri: pathToFileURL(io.cwd + path.sep).href }), null, 2)}\n`
      : format === 'json'
        ? lintJson(run.files, version, threshold)
        : lintText(run.files, style);
  if (output) {
    try {
      writeFileSync(path.resolve(io.cwd, output), rendered);
    } catch (error) {
      throw new CliError(`cannot write ${output}: ${fileErrorReason(error)}`);
    }
  } else io.out(rendered);

  const counts = countFindings(run.files);
  const failing = run.files.some((file) => file.findings.some((finding) => atOrAbove(finding.severity, threshold)));
  const summary = summaryLine(counts);
  io.err(`${failing ? io.errStyle.red(summary) : summary}${failing ? ` (failing at ${threshold} and above)` : ''}${output ? `; written to ${output}` : ''}\n`);
  return failing ? EXIT.findings : EXIT.ok;
}
