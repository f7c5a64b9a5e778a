/**
 * A subcommand: its name as typed (`lint`, `runbook check`), its options in
 * node:util parseArgs form, its help text, and what it does. main.ts parses the
 * arguments, answers --help, and turns errors into messages and exit codes.
 */
import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './cliIo';

export type OptionSpecs = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
}

export interface Command {
  /** As typed: `lint`, `scan`, `runbook check`, `record verify`, `record export`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** The whole --help text (usage line, options, examples, exit codes). */
  help: string;
  options: OptionSpecs;
  /** Whether the command takes positional arguments (paths, a journal). */
  positionals: boolean;
  /** Returns the exit code (see EXIT). Throw UsageError for bad arguments, CliError for an operational failure. */
  run(args: ParsedArgs, io: CliIo): Promise<number>;
}

/** Bad arguments: the message, then a pointer to --help; exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command could not do its job (a file cannot be read, credentials fail): the message alone; exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * Which of the two an error is, by name: each command is bundled apart
 * (src/cli/commandModules.ts), so its classes are not main's and `instanceof` fails.
 */
export function cliErrorKind(error: unknown): 'usage' | 'cli' | undefined {
  const name = error instanceof Error ? error.name : undefined;
  return name === 'UsageError' ? 'usage' : name === 'CliError' ? 'cli' : undefined;
}

/** A string option's value (undefined when absent). */
export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === 'string' ? value : undefined;
}

/** A repeatable string option's values (`--region a --region b`, also `--region a,b`). */
export function listOption(args: ParsedArgs, name: string): string[] {
  const value = args.values[name];
  const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  return list.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}

/** A string option restricted to some values. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${choices.join(', ')} (got "${value}")`);
  return value as T;
}
