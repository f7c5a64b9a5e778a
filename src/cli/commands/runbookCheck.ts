// Placeholder: the helper writing this command replaces this file.
import { CliError, type Command } from '../command';

export const runbookCheckCommand: Command = {
  name: 'runbook check',
  summary: '(not written yet)',
  help: '(not written yet)',
  options: {},
  positionals: true,
  run: async () => {
    throw new CliError('not written yet');
  },
};
