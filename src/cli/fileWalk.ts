/**
 * The files a command works on: named files as given, directories walked
 * recursively in a stable order, honouring `.gitignore` files (the repository's,
 * from its root down, and nested ones) the way git does, and always skipping the
 * folders the extension skips (.git, node_modules, .terraform, vendor).
 * Symbolic links to folders are not followed (no loops).
 */
import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/** Never walked into, as in the extension's workspace search (src/vscode/manifestWorkspaceFacts.ts). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['.git', 'node_modules', '.terraform', 'vendor']);

export interface WalkOptions {
  /** Which files found in folders are wanted (by path); named files are always returned. */
  accept: (filePath: string) => boolean;
  /** Honour .gitignore files (default true). */
  gitignore?: boolean;
}

export interface WalkResult {
  /** Absolute paths, named files first in the order given, then each folder's files sorted. No duplicates. */
  files: string[];
  /** Paths that do not exist (as given). */
  missing: string[];
}

interface IgnoreLayer {
  base: string;
  rules: Ignore;
}

function readIgnoreLayer(folder: string): IgnoreLayer | undefined {
  const file = path.join(folder, '.gitignore');
  if (!existsSync(file)) return undefined;
  try {
    return { base: folder, rules: ignore().add(readFileSync(file, 'utf8')) };
  } catch {
    return undefined; // unreadable .gitignore: walk as if it were not there
  }
}

/** Whether the layers (outermost first) ignore a path; a deeper layer's `!pattern` can re-include. */
function isIgnored(layers: readonly IgnoreLayer[], target: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const layer of layers) {
    const relative = path.relative(layer.base, target).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('..')) continue;
    const verdict = layer.rules.test(isFolder ? `${relative}/` : relative);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/**
 * The .gitignore layers of the folders above `folder`, from the repository root (the
 * folder with .git) down; none when `folder` is the root or is not in a repository.
 */
function layersAbove(folder: string): IgnoreLayer[] {
  const chain: string[] = [];
  for (let current = folder; !existsSync(path.join(current, '.git')); ) {
    const parent = path.dirname(current);
    if (parent === current) return []; // not in a repository
    chain.unshift(parent);
    current = parent;
  }
  return chain.map(readIgnoreLayer).filter((layer): layer is IgnoreLayer => layer !== undefined);
}

export function walkFiles(paths: readonly string[], cwd: string, options: WalkOptions): WalkResult {
  const useGitignore = options.gitignore ?? true;
  const seen = new Set<string>();
  const files: string[] = [];
  const missing: string[] = [];
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file);
      files.push(file);
    }
  };

  const walk = (folder: string, layers: readonly IgnoreLayer[]) => {
    const own = useGitignore ? readIgnoreLayer(folder) : undefined;
    const active = own ? [...layers, own] : layers;
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to find there
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      const isFolder = entry.isDirectory();
      if (isFolder && SKIPPED_FOLDERS.has(entry.name)) continue;
      if (useGitignore && isIgnored(active, full, isFolder)) continue;
      if (isFolder) walk(full, active);
      else if ((entry.isFile() || (entry.isSymbolicLink() && isFileTarget(full))) && options.accept(full)) add(full);
    }
  };

  for (const given of paths) {
    const full = path.resolve(cwd, given);
    let stats;
    try {
      stats = statSync(full);
    } catch {
      missing.push(given);
      continue;
    }
    if (stats.isDirectory()) {
      walk(full, useGitignore ? layersAbove(full) : []);
    } else add(full);
  }
  return { files, missing };
}

function isFileTarget(link: string): boolean {
  try {
    return statSync(link).isFile();
  } catch {
    return false;
  }
}

/** A path as messages show it: relative to the working folder with `/`, or absolute when outside it. */
export function displayPath(filePath: string, cwd: string): string {
  const relative = path.relative(cwd, filePath);
  return (relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? filePath : relative).split(path.sep).join('/');
}
