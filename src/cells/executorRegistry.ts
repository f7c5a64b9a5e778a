import type { CellExecutor } from './cellRun';
import { NATIVE_LANGUAGE_IDS, isNativeLanguage, type NativeLanguageId } from './nativeLanguages';

/** The cell kinds that have an executor, by VS Code language id. */
export const SHELL_LANGUAGE_IDS: readonly string[] = ['shellscript'];

export interface ExecutorFactories {
  shell(): CellExecutor;
  /** Native AWS cells; the factory loads the AWS runtime on first use. */
  native(languageId: NativeLanguageId): CellExecutor;
}

/** The executor for a cell's language, or undefined when no executor runs that language. */
export function executorFor(languageId: string, factories: ExecutorFactories): CellExecutor | undefined {
  if (SHELL_LANGUAGE_IDS.includes(languageId)) return factories.shell();
  if (isNativeLanguage(languageId)) return factories.native(languageId);
  return undefined;
}

/** Names of the runnable languages, for messages. */
export function runnableLanguagesDescription(): string {
  return ['`sh` / `bash`', ...NATIVE_LANGUAGE_IDS.map((id) => `\`${id}\``)].join(', ');
}
