/**
 * Runbook parameters: the typed `parameters` list in a runbook's front matter, the
 * validation of the values a person gives for them, and the environment they reach
 * shell cells through.
 *
 * Every parameter is passed to shell cells as an environment variable named from the
 * parameter in UPPER_SNAKE_CASE (`trailName` → `TRAIL_NAME`). Placeholders
 * (`{{ trailName }}`) are rewritten into references to that variable by
 * `shellPlaceholders.ts`, so a value never becomes part of the shell source.
 *
 * Pure logic: no `vscode`, no I/O.
 */

export type ParameterType = 'string' | 'number' | 'duration' | 'enum' | 'logGroup' | 'accountId' | 'instanceId' | 'region' | 'secret';

export interface ParameterSpec {
  /** As declared: a letter, then letters, digits and underscores. */
  name: string;
  /** The environment variable shell cells read it from: `trailName` → `TRAIL_NAME`. */
  envName: string;
  type: ParameterType;
  /** What the input box asks; the name when the runbook gives no prompt. */
  prompt: string;
  /** Already validated against the type; never present for a secret. */
  default?: string;
  /** The allowed values of an `enum`. */
  values?: string[];
  /** An extra regular expression the (trimmed) value must match (`RegExp.test`, so anchor it yourself). */
  pattern?: string;
  /** Type `secret`, or `secret: true` on another type: password box, masked in records. */
  secret: boolean;
}

export const PARAMETER_TYPES: readonly ParameterType[] = ['string', 'number', 'duration', 'enum', 'logGroup', 'accountId', 'instanceId', 'region', 'secret'];

/** What a masked secret looks like in records and dialogs. */
export const MASK = '••••••';

const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
const KNOWN_KEYS = new Set(['name', 'type', 'prompt', 'default', 'values', 'pattern', 'secret', 'description']);

/**
 * Environment variables a parameter must not replace: ones that change how bash
 * starts or parses (`BASH_ENV` is sourced by every non-interactive bash, `IFS`,
 * `SHELLOPTS`...), how programs are found or loaded (`PATH`, `LD_PRELOAD`...), and
 * the AWS environment the chosen profile sets (a parameter must not silently switch
 * the account or region a cell acts on).
 */
const RESERVED_ENV_NAMES = new Set([
  'PATH', 'HOME', 'USER', 'LOGNAME', 'SHELL', 'PWD', 'OLDPWD', 'IFS', 'CDPATH', 'ENV', 'GLOBIGNORE', 'SHELLOPTS', 'POSIXLY_CORRECT',
  'PS1', 'PS2', 'PS3', 'PS4', 'PROMPT_COMMAND', 'TERM', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'HOSTNAME', 'MAIL', 'MAILPATH',
  'OPTIND', 'OPTARG', 'OPTERR', 'REPLY', 'RANDOM', 'SRANDOM', 'SECONDS', 'LINENO', 'UID', 'EUID', 'PPID', 'SHLVL', 'GROUPS',
  'FUNCNAME', 'PIPESTATUS', 'BASHOPTS', 'BASHPID', 'HISTFILE', 'HISTSIZE', 'HOSTTYPE', 'MACHTYPE', 'OSTYPE', 'COLUMNS', 'LINES', 'EPOCHSECONDS', 'EPOCHREALTIME',
  'NODE_OPTIONS', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5LIB', 'PERL5OPT', 'RUBYOPT', 'PAGER', 'EDITOR', 'VISUAL', 'BROWSER',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'ALL_PROXY', 'SSL_CERT_FILE', 'SSL_CERT_DIR', 'CURL_CA_BUNDLE', 'REQUESTS_CA_BUNDLE',
]);
const RESERVED_ENV_PREFIXES = ['AWS_', 'BASH_', 'LD_', 'DYLD_', 'LC_', 'GIT_', 'SSH_'];

/** `trailName` → `TRAIL_NAME`, `logGroup2` → `LOG_GROUP2`, `instanceID` → `INSTANCE_ID`, `s3Bucket` → `S3_BUCKET`. */
export function envNameFor(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toUpperCase();
}

/**
 * Reads the `parameters` list of parsed front matter. Never throws. A parameter with
 * a problem that makes it unusable (bad or duplicate name, unknown type, enum without
 * values, invalid pattern, environment name clash) is left out of `specs`; a bad
 * default is reported and dropped, the parameter kept. Problems are sentences for people.
 */
export function readParameterSpecs(frontMatter: unknown): { specs: ParameterSpec[]; problems: string[] } {
  const specs: ParameterSpec[] = [];
  const problems: string[] = [];
  if (!isRecord(frontMatter) || frontMatter['parameters'] === undefined || frontMatter['parameters'] === null) return { specs, problems };
  const list = frontMatter['parameters'];
  if (!Array.isArray(list)) {
    problems.push('Front matter `parameters` must be a list of parameters (each with `name` and `type`).');
    return { specs, problems };
  }
  const byName = new Map<string, ParameterSpec>();
  const byEnvName = new Map<string, ParameterSpec>();
  list.forEach((entry: unknown, index) => {
    const where = `Parameter ${index + 1}`;
    if (!isRecord(entry)) {
      problems.push(`${where} must be a mapping with \`name\` and \`type\`, not ${describeValue(entry)}.`);
      return;
    }
    const rawName = entry['name'];
    if (typeof rawName !== 'string' || !NAME_PATTERN.test(rawName)) {
      problems.push(
        rawName === undefined
          ? `${where} has no \`name\`.`
          : `${where}: name ${describeValue(rawName)} is not valid; use letters, digits and underscores, starting with a letter (like \`trailName\`).`,
      );
      return;
    }
    const label = `Parameter "${rawName}"`;
    const fatal: string[] = [];
    const other: string[] = [];

    for (const key of Object.keys(entry)) {
      if (!KNOWN_KEYS.has(key)) other.push(`${label}: unknown key \`${key}\` (known keys: ${[...KNOWN_KEYS].join(', ')}).`);
    }

    const rawType = entry['type'] ?? 'string';
    const type = typeof rawType === 'string' && (PARAMETER_TYPES as readonly string[]).includes(rawType) ? (rawType as ParameterType) : undefined;
    if (!type) fatal.push(`${label}: type ${describeValue(rawType)} is not one of ${PARAMETER_TYPES.join(', ')}.`);

    const rawSecret = entry['secret'];
    if (rawSecret !== undefined && typeof rawSecret !== 'boolean') other.push(`${label}: \`secret\` must be true or false, not ${describeValue(rawSecret)}.`);
    const secret = type === 'secret' || rawSecret === true;

    const rawPrompt = entry['prompt'];
    if (rawPrompt !== undefined && typeof rawPrompt !== 'string') other.push(`${label}: \`prompt\` must be text, not ${describeValue(rawPrompt)}.`);
    const prompt = typeof rawPrompt === 'string' && rawPrompt.trim() !== '' ? rawPrompt.trim() : rawName;

    let values: string[] | undefined;
    const rawValues = entry['values'];
    if (type === 'enum') {
      if (!Array.isArray(rawValues) || rawValues.length === 0) {
        fatal.push(`${label}: an \`enum\` needs a non-empty \`values\` list, like \`values: [low, medium, high]\`.`);
      } else if (!rawValues.every(isScalar)) {
        fatal.push(`${label}: \`values\` must be plain values (text or numbers).`);
      } else {
        values = [...new Set(rawValues.map((value) => String(value).trim()))];
        if (values.some((value) => value === '')) fatal.push(`${label}: \`values\` must not contain an empty value.`);
      }
    } else if (rawValues !== undefined && type) {
      other.push(`${label}: \`values\` only applies to type \`enum\`; it is ignored for type \`${type}\`.`);
    }

    let pattern: string | undefined;
    const rawPattern = entry['pattern'];
    if (rawPattern !== undefined) {
      if (typeof rawPattern !== 'string') {
        fatal.push(`${label}: \`pattern\` must be a regular expression written as text, not ${describeValue(rawPattern)}.`);
      } else {
        try {
          new RegExp(rawPattern);
          pattern = rawPattern;
        } catch (error) {
          fatal.push(`${label}: \`pattern\` is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}.`);
        }
      }
    }

    const envName = envNameFor(rawName);
    const sameName = byName.get(rawName);
    if (sameName) fatal.push(`${label} is declared more than once; parameter names must be unique.`);
    const sameEnv = byEnvName.get(envName);
    if (!sameName && sameEnv) {
      fatal.push(`${label} and parameter "${sameEnv.name}" would both be passed to shell cells as $${envName}; rename one of them.`);
    }
    if (isReservedEnvName(envName)) {
      fatal.push(`${label} would be passed to shell cells as $${envName}, which would replace an environment variable the shell, its programs or the AWS profile rely on; rename it.`);
    }

    problems.push(...fatal, ...other);
    if (fatal.length > 0 || !type) return;

    const spec: ParameterSpec = { name: rawName, envName, type, prompt, secret };
    if (values) spec.values = values;
    if (pattern !== undefined) spec.pattern = pattern;

    const rawDefault = entry['default'];
    if (rawDefault !== undefined && rawDefault !== null) {
      if (secret) {
        problems.push(`${label} is secret, so it cannot have a \`default\`: the runbook file is not a safe place for a secret. The default is ignored.`);
      } else if (!isScalar(rawDefault)) {
        problems.push(`${label}: \`default\` must be a single value, not ${describeValue(rawDefault)}. The default is ignored.`);
      } else {
        const checked = validateParameterValue(spec, String(rawDefault));
        if ('error' in checked) {
          const hint = typeof rawDefault === 'number' ? ' (YAML read it as a number; put it in quotes to keep it exactly as written)' : '';
          problems.push(`${label}: the default is not valid${hint}: ${checked.error} The default is ignored.`);
        } else {
          spec.default = checked.value;
        }
      }
    }

    byName.set(rawName, spec);
    byEnvName.set(envName, spec);
    specs.push(spec);
  });
  return { specs, problems };
}

function isReservedEnvName(envName: string): boolean {
  return RESERVED_ENV_NAMES.has(envName) || RESERVED_ENV_PREFIXES.some((prefix) => envName.startsWith(prefix));
}

/**
 * Checks a value typed for a parameter; returns the trimmed value or a message.
 * A message never repeats a secret parameter's value.
 */
export function validateParameterValue(spec: ParameterSpec, raw: string): { value: string } | { error: string } {
  const value = String(raw).trim();
  const shown = spec.secret ? 'The value' : `"${value.length > 80 ? `${value.slice(0, 77)}...` : value}"`;
  if (value === '') return { error: `${spec.name} needs a value.` };
  if (value.includes('\0')) return { error: `${spec.name} must not contain a NUL character.` };

  const typeError = checkType(spec, value, shown);
  if (typeError) return { error: typeError };

  if (spec.pattern !== undefined) {
    let matches: boolean;
    try {
      matches = new RegExp(spec.pattern).test(value);
    } catch {
      return { error: `${spec.name} has an invalid pattern in the runbook.` };
    }
    if (!matches) return { error: `${shown} does not match the pattern ${spec.pattern} that ${spec.name} requires.` };
  }
  return { value };
}

const NUMBER_PATTERN = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const DURATION_PATTERN = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;
const LOG_GROUP_PATTERN = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const ACCOUNT_ID_PATTERN = /^\d{12}$/;
const INSTANCE_ID_PATTERN = /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
const REGION_PATTERN = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;

function checkType(spec: ParameterSpec, value: string, shown: string): string | undefined {
  switch (spec.type) {
    case 'string':
    case 'secret':
      return undefined;
    case 'number':
      return NUMBER_PATTERN.test(value) && Number.isFinite(Number(value)) ? undefined : `${shown} is not a number (${spec.name}).`;
    case 'duration': {
      const parts = DURATION_PATTERN.exec(value);
      const positive = parts !== null && parts.slice(1).some((part) => part !== undefined && Number(part) > 0);
      return positive ? undefined : `${shown} is not a duration (${spec.name}); use a form like 30s, 5m, 1h, 7d or 1h30m.`;
    }
    case 'enum': {
      const allowed = spec.values ?? [];
      return allowed.includes(value) ? undefined : `${shown} is not one of the allowed values for ${spec.name}: ${allowed.join(', ')}.`;
    }
    case 'logGroup':
      return LOG_GROUP_PATTERN.test(value)
        ? undefined
        : `${shown} is not a CloudWatch Logs group name (${spec.name}): 1 to 512 letters, digits and . - _ / #.`;
    case 'accountId':
      return ACCOUNT_ID_PATTERN.test(value) ? undefined : `${shown} is not an AWS account id (${spec.name}): exactly 12 digits.`;
    case 'instanceId':
      return INSTANCE_ID_PATTERN.test(value)
        ? undefined
        : `${shown} is not an EC2 instance id (${spec.name}): i- followed by 8 or 17 lower-case hexadecimal digits.`;
    case 'region':
      return REGION_PATTERN.test(value) ? undefined : `${shown} is not an AWS region (${spec.name}), like us-east-1 or eu-west-2.`;
  }
}

/**
 * The environment variables for shell cells: envName → value, for each parameter
 * with a value (or, failing that, a default). Values are used as given; validate them first.
 */
export function parameterEnvironment(specs: readonly ParameterSpec[], values: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const spec of specs) {
    const value = valueOf(spec, values);
    if (value !== undefined) env[spec.envName] = value;
  }
  return env;
}

/** The values of secret parameters, for exact-value redaction (empty values left out). */
export function secretValues(specs: readonly ParameterSpec[], values: Record<string, string>): string[] {
  const secrets = new Set<string>();
  for (const spec of specs) {
    if (!spec.secret) continue;
    const value = own(values, spec.name);
    if (value !== undefined && value !== '') secrets.add(value);
  }
  return [...secrets];
}

/**
 * The values for records and display, by parameter name, with secrets replaced by
 * `••••••`. A value whose name is not a declared parameter is masked too: when in
 * doubt, it is not shown.
 */
export function maskParameters(specs: readonly ParameterSpec[], values: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) {
    const spec = specs.find((candidate) => candidate.name === name);
    masked[name] = spec && !spec.secret ? value : MASK;
  }
  return masked;
}

/** The language ids (and fence words) of cells that bash runs. */
const SHELL_LANGUAGES = new Set(['shellscript', 'sh', 'bash', 'shell', 'zsh', 'console']);

export function isShellLanguage(languageId: string): boolean {
  return SHELL_LANGUAGES.has(languageId);
}

/** `{{ name }}` not preceded by a backslash. */
const PLACEHOLDER_GLOBAL = /(\\?)\{\{[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]*\}\}/g;

/**
 * The parameters the given cells use, in declaration order: a `{{ name }}`
 * placeholder in any cell, or `$ENV_NAME` / `${ENV_NAME...}` in a shell cell. A run
 * asks only for these. It errs on the side of asking: a reference inside quotes or
 * a comment still counts.
 */
export function referencedParameters(specs: readonly ParameterSpec[], cellSources: readonly { languageId: string; source: string }[]): ParameterSpec[] {
  const used = new Set<string>();
  for (const cell of cellSources) {
    for (const match of cell.source.matchAll(PLACEHOLDER_GLOBAL)) {
      if (match[1] === '') used.add(match[2]!);
    }
    if (isShellLanguage(cell.languageId)) {
      for (const spec of specs) {
        if (new RegExp(`\\$\\{?[#!]?${spec.envName}(?![A-Za-z0-9_])`).test(cell.source)) used.add(spec.name);
      }
    }
  }
  return specs.filter((spec) => used.has(spec.name));
}

/** The value for a parameter: the one given, else its default, else undefined. */
export function valueOf(spec: ParameterSpec, values: Record<string, string>): string | undefined {
  return own(values, spec.name) ?? spec.default;
}

function own(values: Record<string, string>, name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** A value as a message shows it: quoted JSON (cut to 60 characters), or what kind of thing it is. */
export function describeValue(value: unknown, objectWord = 'a mapping'): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return objectWord;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
