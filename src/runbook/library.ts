/**
 * The runbooks a person can open by name ("Open a Shipped Runbook", the walkthrough):
 * the workspace's first, then the extension's own that the workspace has no file of
 * the same name for. Pure: no `vscode`, no I/O.
 */
import { readFrontMatter } from './frontMatter';

export interface RunbookSource {
  /** A URI string. */
  uri: string;
  text: string;
  /** Shipped with the extension (its runbooks/ folder) rather than found in the workspace. */
  shipped: boolean;
}

export interface RunbookEntry {
  uri: string;
  /** `incident-response.runbook.md` */
  fileName: string;
  /** The front matter's `title`, else the file name without `.runbook.md`. */
  title: string;
  shipped: boolean;
}

const SUFFIX = '.runbook.md';

export function runbookEntries(sources: readonly RunbookSource[]): RunbookEntry[] {
  const entries = sources.map((source) => {
    const fileName = fileNameOf(source.uri);
    const title = titleOf(source.text) ?? (fileName.endsWith(SUFFIX) ? fileName.slice(0, -SUFFIX.length) : fileName);
    return { uri: source.uri, fileName, title, shipped: source.shipped };
  });
  const inWorkspace = new Set(entries.filter((e) => !e.shipped).map((e) => e.fileName));
  return [...entries.filter((e) => !e.shipped), ...entries.filter((e) => e.shipped && !inWorkspace.has(e.fileName))];
}

/** `incident-response` or `incident-response.runbook.md`: the first entry of that file name. */
export function findRunbookEntry(entries: readonly RunbookEntry[], name: string): RunbookEntry | undefined {
  const wanted = name.trim().endsWith(SUFFIX) ? name.trim() : `${name.trim()}${SUFFIX}`;
  return entries.find((entry) => entry.fileName === wanted);
}

function fileNameOf(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const last = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

function titleOf(text: string): string | undefined {
  const data = readFrontMatter(text)?.data as { title?: unknown } | undefined;
  return typeof data?.title === 'string' && data.title.trim() ? data.title.trim() : undefined;
}
