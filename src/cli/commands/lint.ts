// Placeholder: lint.ts (mine) replaces this file.
import { CliError, type Command } from '../command';

export const lintCommand: Command = {
  name: 'lint',
  summary: '(not written yet)',
  help: '(not written yet)',
  options: {},
  positionals: true,
  run: async () => {
    throw new CliError('not written yet');
  },
};
