// Placeholder: the helper writing these commands replaces this file.
import { CliError, type Command } from '../command';

const placeholder = (name: string): Command => ({
  name,
  summary: '(not written yet)',
  help: '(not written yet)',
  options: {},
  positionals: true,
  run: async () => {
    throw new CliError('not written yet');
  },
});

export const recordVerifyCommand = placeholder('record verify');
export const recordExportCommand = placeholder('record export');
