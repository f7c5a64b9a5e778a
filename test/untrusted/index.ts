/** Loaded by the workbench inside the real extension host, in a workspace that is NOT trusted. */
import { runSuitesIn } from '../integration/support/mochaEntry';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
