/**
 * Which `.security-runbooks.yaml` governs a file: the nearest one in the file's
 * folder or above it, up to the repository root (the folder holding `.git`) — the
 * same answer for the extension and the command line. Files are read with node:fs
 * (both run in Node) and cached per folder until `clear()`.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { CONFIG_FILE_NAMES, EMPTY_CONFIG, parseProjectConfig, type ProjectConfig } from './projectConfig';

export interface LoadedConfig {
  /** The settings file, or undefined when none applies (defaults). */
  file?: string;
  config: ProjectConfig;
  /** Whether the config's `exclude` patterns cover a file. */
  excludes(filePath: string): boolean;
}

export const DEFAULT_CONFIG: LoadedConfig = { config: EMPTY_CONFIG, excludes: () => false };

/** Reads one settings file (a missing or unreadable file is a problem on line 1, never a throw). */
export function loadConfigFile(file: string, knownRule?: (id: string) => boolean): LoadedConfig {
  let config: ProjectConfig;
  try {
    config = parseProjectConfig(readFileSync(file, 'utf8'), knownRule);
  } catch (error) {
    config = { ...EMPTY_CONFIG, problems: [{ line: 1, column: 1, message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  const dir = path.dirname(path.resolve(file));
  const matcher: Ignore = ignore().add(config.exclude);
  return {
    file: path.resolve(file),
    config,
    excludes: (filePath) => {
      const relative = path.relative(dir, path.resolve(filePath));
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return false;
      return matcher.ignores(relative.split(path.sep).join('/'));
    },
  };
}

export class ProjectConfigResolver {
  private readonly byFolder = new Map<string, LoadedConfig>();

  constructor(private readonly knownRule?: (id: string) => boolean) {}

  /** The settings that apply to a file (DEFAULT_CONFIG when no settings file is found). */
  forFile(filePath: string): LoadedConfig {
    return this.forFolder(path.dirname(path.resolve(filePath)));
  }

  /** Forgets what was read (a settings file was created, changed or deleted). */
  clear(): void {
    this.byFolder.clear();
  }

  private forFolder(folder: string): LoadedConfig {
    const cached = this.byFolder.get(folder);
    if (cached) return cached;
    let found: LoadedConfig | undefined;
    const file = CONFIG_FILE_NAMES.map((name) => path.join(folder, name)).find((candidate) => existsSync(candidate));
    if (file) found = loadConfigFile(file, this.knownRule);
    else {
      const parent = path.dirname(folder);
      const atTop = parent === folder || existsSync(path.join(folder, '.git'));
      found = atTop ? DEFAULT_CONFIG : this.forFolder(parent);
    }
    this.byFolder.set(folder, found);
    return found;
  }
}
