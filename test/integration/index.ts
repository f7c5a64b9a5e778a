/** Loaded by the workbench inside the real extension host (`extensionTestsPath`), in a trusted workspace. */
import { runSuitesIn } from './support/mochaEntry';

export function run(): Promise<void> {
  return runSuitesIn(__dirname);
}
