import type { Command } from '../command';
import { lintCommand } from './lint';
import { recordExportCommand, recordVerifyCommand } from './record';
import { runbookCheckCommand } from './runbookCheck';
import { scanCommand } from './scan';

/** Every command, in the order --help lists them. */
export const COMMANDS: readonly Command[] = [lintCommand, scanCommand, runbookCheckCommand, recordVerifyCommand, recordExportCommand];
