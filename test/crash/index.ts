/** Phase 2 of the crash test: runs afterCrash.test.js in a fresh extension host. */
import { runSuitesIn } from '../integration/support/mochaEntry';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
