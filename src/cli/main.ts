/**
 * `security-runbooks`: the extension's engines on the command line, for pipelines.
 * Parses the command line (node:util parseArgs), answers --help and --version, runs
 * one command and maps what happened to an exit code: 0 clean, 1 findings, 2 the
 * command could not do its job. No `vscode` anywhere on this path (the build checks).
 */
import { parseArgs } from 'node:util';
import { EXIT, type CliIo } from './cliIo';
import { cliErrorKind, type Command } from './command';
import { COMMANDS } from './commands';
import { CLI_NAME, cliVersion } from './version';

function topHelp(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    `${CLI_NAME} ${cliVersion()}: security checks for pipelines, with the rules and the scan of the Security Runbooks VS Code extension`,
    '',
    `Usage: ${CLI_NAME} <command> [options]`,
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     show help (also after a command: security-runbooks lint --help)',
    '  -v, --version  print the version',
    '',
    'Exit codes: 0 clean, 1 findings (at or above the threshold) or failures, 2 the command could not run (arguments, files, credentials).',
    'Colours only on a terminal; NO_COLOR turns them off, FORCE_COLOR on.',
    '',
  ].join('\n');
}

/** The command named by the first one or two words, and the arguments after it. */
function findCommand(argv: readonly string[]): { command: Command; rest: string[] } | undefined {
  for (const command of COMMANDS) {
    const words = command.name.split(' ');
    if (words.every((word, i) => argv[i] === word)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}

/** A group word typed alone (`runbook`, `record`): its commands. */
function groupHelp(group: string): string | undefined {
  const members = COMMANDS.filter((c) => c.name.startsWith(`${group} `));
  if (members.length === 0) return undefined;
  return [`Usage: ${CLI_NAME} ${group} <${members.map((c) => c.name.split(' ')[1]).join('|')}> [options]`, '', ...members.map((c) => `  ${c.name}  ${c.summary}`), ''].join('\n');
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '-h' || first === '--help' || first === 'help') {
    (first === undefined ? io.err : io.out)(topHelp());
    return first === undefined ? EXIT.error : EXIT.ok;
  }
  if (first === '-v' || first === '--version') {
    io.out(`${cliVersion()}\n`);
    return EXIT.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = groupHelp(first);
    if (group) {
      const wantsHelp = argv[1] === '--help' || argv[1] === '-h';
      if (!wantsHelp) io.err(`${CLI_NAME} ${first}: ${argv[1] === undefined ? 'which one?' : `unknown command "${argv[1]}"`}\n`);
      (wantsHelp ? io.out : io.err)(group);
      return wantsHelp ? EXIT.ok : EXIT.error;
    }
    io.err(`${CLI_NAME}: unknown command "${first}". Commands: ${COMMANDS.map((c) => c.name).join(', ')}. See ${CLI_NAME} --help.\n`);
    return EXIT.error;
  }
  const { command, rest } = found;
  const fail = (message: string, showHelpHint: boolean) => {
    io.err(`${io.errStyle.red(`${CLI_NAME} ${command.name}:`)} ${message}\n`);
    if (showHelpHint) io.err(`See ${CLI_NAME} ${command.name} --help.\n`);
    return EXIT.error;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: command.positionals,
      strict: true,
    });
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), true);
  }
  if (parsed.values.help) {
    io.out(command.help.endsWith('\n') ? command.help : `${command.help}\n`);
    return EXIT.ok;
  }
  try {
    return await command.run({ values: parsed.values as Record<string, string | boolean | string[] | boolean[] | undefined>, positionals: parsed.positionals }, io);
  } catch (error) {
    const kind = cliErrorKind(error);
    if (kind) return fail((error as Error).message, kind === 'usage');
    if (io.signal.aborted) return fail('cancelled', false);
    const detail = io.env.SECURITY_RUNBOOKS_DEBUG && error instanceof Error ? `\n${error.stack}` : '';
    return fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}${detail}`, false);
  }
}
