/**
 * The repository's own settings file, `.security-runbooks.yaml`, read by the
 * extension and by the command line alike, so the editor and the pipeline apply
 * the same rules to the same files:
 *
 *   manifests:
 *     rules:                 # per rule id: off | error | warning | info
 *       SR-K8S-011: off
 *       SR-DOCKER-006: warning
 *     exclude:               # .gitignore-style patterns, relative to this file
 *       - test/fixtures/
 *
 * Parsing never throws: what cannot be used is reported as a problem with its line,
 * and the rest still applies.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from 'yaml';
import type { RuleSettings, Severity } from '../manifests/model';

export const CONFIG_FILE_NAMES = ['.security-runbooks.yaml', '.security-runbooks.yml'] as const;

export interface ConfigProblem {
  /** 1-based. */
  line: number;
  column: number;
  message: string;
}

export interface ProjectConfig {
  rules: RuleSettings;
  /** .gitignore-style patterns, relative to the config file's folder. */
  exclude: string[];
  problems: ConfigProblem[];
}

export const EMPTY_CONFIG: ProjectConfig = Object.freeze({ rules: Object.freeze({}), exclude: [], problems: [] }) as ProjectConfig;

const RULE_SETTINGS: ReadonlySet<string> = new Set<'off' | Severity>(['off', 'error', 'warning', 'info']);

/**
 * Reads a config file's text. `knownRule` tells real rule ids from typos (an
 * unknown id is reported, and kept: a newer version may know it).
 */
export function parseProjectConfig(text: string, knownRule: (id: string) => boolean = () => true): ProjectConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const problems: ConfigProblem[] = [];
  const at = (offset: number | undefined, message: string) => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    problems.push({ line, column: col, message });
  };
  const startOf = (node: unknown) => (node && typeof node === 'object' && 'range' in node ? (node as YamlNode).range?.[0] : undefined);
  for (const error of doc.errors) at(error.pos[0], `not valid YAML: ${error.message.split('\n')[0]}`);
  if (doc.errors.length > 0) return { rules: {}, exclude: [], problems };

  const rules: Record<string, 'off' | Severity> = {};
  const exclude: string[] = [];
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return { rules, exclude, problems };
  if (!isMap(root)) {
    at(startOf(root), 'the settings file must be a mapping with a `manifests` key');
    return { rules, exclude, problems };
  }
  for (const pair of root.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (key !== 'manifests') {
      at(startOf(pair.key), `unknown setting "${key ?? '?'}" (known: manifests)`);
      continue;
    }
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
    if (!isMap(pair.value)) {
      at(startOf(pair.value), '`manifests` must be a mapping (rules, exclude)');
      continue;
    }
    for (const section of pair.value.items) {
      const name = isScalar(section.key) ? String(section.key.value) : undefined;
      const value = section.value;
      if (name === 'rules') {
        if (value === null || (isScalar(value) && value.value === null)) continue;
        if (!isMap(value)) {
          at(startOf(value), '`manifests.rules` must map rule ids to off, error, warning or info');
          continue;
        }
        for (const rule of value.items) {
          const id = isScalar(rule.key) ? String(rule.key.value) : '';
          const setting = isScalar(rule.value) ? rule.value.value : undefined;
          // YAML 1.1 readers turn a bare `off` into false; this parser (YAML 1.2) keeps the string, but accept both.
          const normalized = setting === false ? 'off' : typeof setting === 'string' ? setting.toLowerCase() : undefined;
          if (normalized === undefined || !RULE_SETTINGS.has(normalized)) {
            at(startOf(rule.value) ?? startOf(rule.key), `${id}: "${String(setting)}" is not one of off, error, warning, info`);
            continue;
          }
          if (!knownRule(id)) at(startOf(rule.key), `unknown rule id "${id}"`);
          rules[id] = normalized as 'off' | Severity;
        }
      } else if (name === 'exclude') {
        if (value === null || (isScalar(value) && value.value === null)) continue;
        // A list of patterns, or one pattern on its own.
        const items = isSeq(value) ? value.items : isScalar(value) && typeof value.value === 'string' ? [value] : undefined;
        if (!items) {
          at(startOf(value), '`manifests.exclude` must be a list of .gitignore-style patterns');
          continue;
        }
        for (const item of items) {
          if (isScalar(item) && typeof item.value === 'string' && item.value.trim() !== '') exclude.push(item.value.trim());
          else at(startOf(item), '`manifests.exclude` entries must be patterns (strings)');
        }
      } else {
        at(startOf(section.key), `unknown setting "manifests.${name ?? '?'}" (known: rules, exclude)`);
      }
    }
  }
  return { rules, exclude, problems };
}

/** The file's rules under the editor's own settings (VS Code settings win, rule by rule). */
export function mergeRuleSettings(fromFile: RuleSettings, fromEditor: RuleSettings): RuleSettings {
  return { ...fromFile, ...fromEditor };
}
