/**
 * Fence languages and VS Code language ids. A fence says `sh`, `bash`, `shell` or
 * `zsh`; VS Code calls all of them `shellscript`. The fence word as written is kept
 * in the cell's layout, so mapping back only matters when the user changes a cell's
 * language in the editor.
 */

const FENCE_TO_LANGUAGE_ID: Readonly<Record<string, string>> = {
  sh: 'shellscript',
  bash: 'shellscript',
  shell: 'shellscript',
  zsh: 'shellscript',
  console: 'shellscript',
  '': 'plaintext',
  text: 'plaintext',
  txt: 'plaintext',
  yml: 'yaml',
  js: 'javascript',
  ts: 'typescript',
  py: 'python',
  tf: 'terraform',
  hcl: 'terraform',
};

const LANGUAGE_ID_TO_FENCE: Readonly<Record<string, string>> = {
  shellscript: 'sh',
  plaintext: '',
};

/** The VS Code language id for a fence's language word. */
export function languageIdForFence(fenceLanguage: string): string {
  const lower = fenceLanguage.toLowerCase();
  return FENCE_TO_LANGUAGE_ID[lower] ?? lower;
}

/** The fence word to write for a VS Code language id the user picked. */
export function fenceForLanguageId(languageId: string): string {
  return LANGUAGE_ID_TO_FENCE[languageId] ?? languageId;
}

/** The fence word to write: the original when it still means the cell's language, else one for the language id. */
export function fenceLanguageFor(languageId: string, originalFence: string | undefined): string {
  if (originalFence !== undefined && languageIdForFence(originalFence) === languageId) return originalFence;
  return fenceForLanguageId(languageId);
}
