/**
 * Redaction of secrets from text before it is shown or written to a post-incident
 * record: first the exact known values (resolved credentials, secret parameters;
 * see knownSecrets.ts), because they are certain, then patterns for the shapes of
 * secrets that turn up in command output and commands.
 *
 * Each pattern hit becomes `[REDACTED:<kind>]`. Where a secret sits next to its
 * name (`aws_secret_access_key = …`, `"SecretString": "…"`, `password=…`, a URL's
 * `user:password@`), the name, the user and the host are kept and only the value
 * goes, so the record still says what was there.
 *
 * Tuned for few false positives, because an over-redacted record is worse evidence:
 * - AWS key ids: only `AKIA…` (long-term) and `ASIA…` (temporary) are credentials.
 *   `AROA…` (role), `AIDA…` (user), `AGPA…` (group), `ANPA…`/`ANVA…` (policies),
 *   `AIPA…` (instance profile) and `APKA…` (CloudFront public key) are identifiers
 *   that investigations rely on, so they are kept.
 * - A 40-character secret access key or a session token is recognised next to its
 *   usual names, or, without a name, on the same line as an `AKIA`/`ASIA` key id
 *   (`--output text` and the console's CSV download). A bare 40-character string
 *   elsewhere is left alone: it is far more often a SHA-1 or a git commit.
 * - Generic `name=value` assignments are redacted only when the name ends in a
 *   secret word (password, secret, token, api key...), so `MinimumPasswordLength`,
 *   `PasswordReusePrevention: 24`, `"PasswordLastUsed": …`, `NextToken` and
 *   `--secret-id prod/db` survive; placeholders (`$VAR`, `{{ … }}`, `****`,
 *   booleans, `null`, CloudTrail's `HIDDEN_DUE_TO_SECURITY_REASONS`) are kept.
 *
 * Every pattern is linear in the input: values are bounded or end at a delimiter
 * that cannot occur inside them, starts are anchored on a boundary, and the one
 * multi-line construct (PEM private keys) is found with indexOf, not a regex.
 *
 * Pure logic: no I/O, no `vscode`.
 */
import { REDACTED, redactKnownSecrets } from './knownSecrets';

export interface RedactionResult {
  text: string;
  /** All replacements, exact known values included. */
  count: number;
  /** Replacements per kind; exact known values count as `known-secret`. */
  kinds: Record<string, number>;
}

export const REDACTION_KINDS: readonly string[] = Object.freeze([
  'known-secret',
  'private-key',
  'secretsmanager-secret-string',
  'aws-access-key-id',
  'aws-secret-access-key',
  'aws-session-token',
  'jwt',
  'password-in-url',
  'authorization-header',
  'github-token',
  'slack-token',
  'stripe-key',
  'google-api-key',
  'npm-token',
  'password',
  'generic-secret',
]);

type Kind =
  | 'private-key'
  | 'secretsmanager-secret-string'
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'aws-session-token'
  | 'jwt'
  | 'password-in-url'
  | 'authorization-header'
  | 'github-token'
  | 'slack-token'
  | 'stripe-key'
  | 'google-api-key'
  | 'npm-token'
  | 'password'
  | 'generic-secret';

const placeholder = (kind: Kind) => `[REDACTED:${kind}]`;

class Tally {
  count = 0;
  readonly kinds: Record<string, number> = {};
  add(kind: string, n = 1): void {
    if (n <= 0) return;
    this.count += n;
    this.kinds[kind] = (this.kinds[kind] ?? 0) + n;
  }
}

/** Exact known values first (`[REDACTED]`), then the patterns (`[REDACTED:<kind>]`). */
export function redact(text: string, knownSecrets: readonly string[] = []): RedactionResult {
  const tally = new Tally();
  const redacted = redactInto(typeof text === 'string' ? text : String(text), knownSecrets, tally);
  return { text: redacted, count: tally.count, kinds: tally.kinds };
}

/**
 * Deep redaction for journal entries and other JSON-like values: every string inside
 * arrays and plain objects goes through `redact`; keys are kept as they are. A string
 * under a key that names a secret (`password`, `SecretString`, `sessionToken`,
 * `clientSecret`...) is redacted whole, since its key is the context a pattern would
 * otherwise look for. Returns a copy; the input is not modified. Other values
 * (numbers, booleans, null, class instances such as Date) are returned as they are.
 */
export function redactValue<T>(value: T, knownSecrets: readonly string[] = []): { value: T; count: number } {
  const tally = new Tally();
  const seen = new Map<object, unknown>();

  const walk = (item: unknown, key: string | undefined): unknown => {
    if (typeof item === 'string') {
      if (key !== undefined && secretNameKind(key) !== undefined) {
        const exact = redactKnownSecrets(item, knownSecrets);
        tally.add('known-secret', exact.count);
        const kind = keyedValueKind(key, exact.text);
        if (kind !== undefined) {
          tally.add(kind);
          return placeholder(kind);
        }
        return redactInto(exact.text, [], tally);
      }
      return redactInto(item, knownSecrets, tally);
    }
    if (item === null || typeof item !== 'object') return item;
    if (seen.has(item)) return seen.get(item);
    if (Array.isArray(item)) {
      const copy: unknown[] = [];
      seen.set(item, copy);
      for (const element of item) copy.push(walk(element, undefined));
      return copy;
    }
    const prototype = Object.getPrototypeOf(item) as unknown;
    if (prototype !== Object.prototype && prototype !== null) return item;
    const copy: Record<string, unknown> = {};
    seen.set(item, copy);
    for (const [name, child] of Object.entries(item)) copy[name] = walk(child, name);
    return copy;
  };

  return { value: walk(value, undefined) as T, count: tally.count };
}

function redactInto(text: string, knownSecrets: readonly string[], tally: Tally): string {
  const exact = redactKnownSecrets(text, knownSecrets);
  tally.add('known-secret', exact.count);
  let result = exact.text;
  for (const rule of RULES) {
    if (rule.trigger && !rule.trigger.test(result)) continue;
    result = rule.apply(result, tally);
  }
  return result;
}

// ---------------------------------------------------------------------------------
// Rules, in order: the specific and multi-line first, the generic last, so that a
// secret gets its most telling kind and later rules see `[REDACTED:…]` instead.

interface Rule {
  /** Cheap test: the rule cannot match when this does not. */
  trigger?: RegExp;
  apply(text: string, tally: Tally): string;
}

/** A separator between a name and its value: `=`, `:`, `=>`, `:=`, a table bar, an XML `>`, or blanks; optionally quoted, JSON-escaped or not. */
const NAME_VALUE_SEPARATOR = String.raw`\\?["']?(?:[ \t]*(?:=>|:=|[:=|>])[ \t]*|[ \t]+)\\?["']?`;

/** Replaces what `regex` finds; `replace` returns the new text and its kind, or undefined to keep the match. */
function regexRule(
  regex: RegExp,
  replace: (match: string, groups: (string | undefined)[], offset: number, input: string) => { text: string; kind: Kind } | undefined,
  trigger?: RegExp,
): Rule {
  return {
    ...(trigger ? { trigger } : {}),
    apply(text, tally) {
      return text.replace(regex, (match: string, ...rest: unknown[]) => {
        // rest: the groups, then offset, then the input (no named groups are used).
        const input = rest[rest.length - 1] as string;
        const offset = rest[rest.length - 2] as number;
        const groups = rest.slice(0, -2) as (string | undefined)[];
        const result = replace(match, groups, offset, input);
        if (!result) return match;
        tally.add(result.kind);
        return result.text;
      });
    },
  };
}

/** A rule for a token recognisable on its own: the whole match goes. */
function tokenRule(kind: Kind, regex: RegExp, trigger: RegExp): Rule {
  return regexRule(regex, () => ({ text: placeholder(kind), kind }), trigger);
}

// --- PEM private keys (multi-line; found with indexOf, linear) --------------------

const PEM_BEGIN = /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----/g;
/** A private key body has long base64 runs; `grep -e '-----BEGIN…' -e '-----END…'` does not. */
const KEY_MATERIAL = /[A-Za-z0-9+/]{32}/;
/** The largest body we accept between the markers (RSA-16384 is about 13 KB). */
const MAX_PEM_BODY = 200_000;
/** One line of an unterminated body: base64, a PEM header, or blank; lines end with a newline or an escaped `\n`. */
const PEM_BODY_LINE = /(?:\r?\n|\\r\\n|\\n)(?:([A-Za-z0-9+/=]{1,128})|(?:Proc-Type|DEK-Info|Comment|Version|Hash):[^\r\n\\]{0,200}|)(?=\r?\n|\\r|\\n|["']|$)/y;

const privateKeys: Rule = {
  trigger: /PRIVATE KEY/,
  apply(text, tally) {
    // Next END marker per label and next BEGIN marker, each searched again only once
    // passed: the scan stays linear however many markers the text holds.
    const ends = new Map<string, number>();
    let nextBegin = -2;
    let out = '';
    let copied = 0;
    PEM_BEGIN.lastIndex = 0;
    for (let begin = PEM_BEGIN.exec(text); begin; begin = PEM_BEGIN.exec(text)) {
      const label = begin[1]!;
      const bodyStart = begin.index + begin[0].length;
      const endMarker = `-----END ${label}-----`;
      let end = ends.get(label);
      if (end === undefined || (end !== -1 && end < bodyStart)) {
        end = text.indexOf(endMarker, bodyStart);
        ends.set(label, end);
      }
      if (nextBegin !== -1 && nextBegin < bodyStart) nextBegin = text.indexOf('-----BEGIN ', bodyStart);
      let bodyEnd = -1;
      const enclosed = end !== -1 && end - bodyStart <= MAX_PEM_BODY && (nextBegin === -1 || nextBegin > end);
      if (enclosed && KEY_MATERIAL.test(text.slice(bodyStart, end))) {
        bodyEnd = trimmedEnd(text, bodyStart, end);
        PEM_BEGIN.lastIndex = end + endMarker.length;
      } else {
        // No END (output cut short?): the base64 lines that follow are the key.
        let material = 0;
        PEM_BODY_LINE.lastIndex = bodyStart;
        for (let line = PEM_BODY_LINE.exec(text); line && PEM_BODY_LINE.lastIndex - bodyStart <= MAX_PEM_BODY; line = PEM_BODY_LINE.exec(text)) {
          if (line[1]) {
            material += line[1].length;
            bodyEnd = PEM_BODY_LINE.lastIndex;
          }
        }
        if (material < 32) continue;
        PEM_BEGIN.lastIndex = bodyEnd;
      }
      out += text.slice(copied, trimmedStart(text, bodyStart, bodyEnd)) + placeholder('private-key');
      copied = bodyEnd;
      tally.add('private-key');
    }
    return copied === 0 ? text : out + text.slice(copied);
  },
};

/** Skips line breaks (real or JSON-escaped) and blanks from `from`. */
function trimmedStart(text: string, from: number, to: number): number {
  let i = from;
  for (;;) {
    if (i < to && (text[i] === '\n' || text[i] === '\r' || text[i] === ' ' || text[i] === '\t')) i++;
    else if (i + 1 < to && text[i] === '\\' && (text[i + 1] === 'n' || text[i + 1] === 'r')) i += 2;
    else return i;
  }
}

/** Backs off line breaks (real or JSON-escaped) and blanks before `to`. */
function trimmedEnd(text: string, from: number, to: number): number {
  let i = to;
  for (;;) {
    if (i > from && (text[i - 1] === '\n' || text[i - 1] === '\r' || text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
    else if (i - 1 > from && text[i - 2] === '\\' && (text[i - 1] === 'n' || text[i - 1] === 'r')) i -= 2;
    else return i;
  }
}

// --- Secrets Manager secret values -------------------------------------------------

/** SecretString is at most 64 KB; the bound also keeps the backtracking stack small. */
const SM_MAX = 70_000;
const SM_NAMES = String.raw`(?:SecretString|SecretBinary|secret_string|secret_binary)`;

function secretValueKept(value: string): boolean {
  return isPlaceholderValue(value) || /^fileb?:\/\//.test(value) || /^[A-Za-z_][A-Za-z0-9_]*\(/.test(value) || isCodeReference(value);
}

const secretsManager: Rule[] = [
  // JSON: "SecretString": "…escaped JSON…"
  regexRule(
    new RegExp(String.raw`("${SM_NAMES}"[ \t]*:[ \t]*")((?:[^"\\\r\n]|\\.){1,${SM_MAX}})"`, 'g'),
    (_match, [name, value]) =>
      secretValueKept(value!) ? undefined : { text: `${name}${placeholder('secretsmanager-secret-string')}"`, kind: 'secretsmanager-secret-string' },
  ),
  // YAML / text / HCL: SecretString: …, SecretString=…, secret_string = "…"
  smLineRule(String.raw`(?<![A-Za-z0-9_:.$-])${SM_NAMES}(?:[ \t]*=[ \t]*|:[ \t]+)`),
  // The CLI's table output: | SecretString |  … |
  smLineRule(String.raw`\|[ \t]*${SM_NAMES}[ \t]*\|[ \t]*`),
  // The CLI: --secret-string '…' / --secret-binary …
  regexRule(
    new RegExp(String.raw`(?<![A-Za-z0-9_-])(--secret-(?:string|binary)(?:=|[ \t]+))(?:'([^']{1,${SM_MAX}})'|"((?:[^"\\]|\\.){1,${SM_MAX}})"|([^\s'"-]\S{0,${SM_MAX}}))`, 'g'),
    (_match, [flag, single, double, bare]) => {
      const value = single ?? double ?? bare!;
      if (secretValueKept(value)) return undefined;
      const quote = single !== undefined ? "'" : double !== undefined ? '"' : '';
      return { text: `${flag}${quote}${placeholder('secretsmanager-secret-string')}${quote}`, kind: 'secretsmanager-secret-string' };
    },
    /--secret-/,
  ),
];

function smLineRule(nameAndSeparator: string): Rule {
  return regexRule(
    new RegExp(
      String.raw`(${nameAndSeparator})` +
        String.raw`(?:'((?:[^'\r\n]|''){1,${SM_MAX}})'|"((?:[^"\\\r\n]|\\.){1,${SM_MAX}})"|([^\s|'"][^\r\n|]{0,${SM_MAX}}))`,
      'g',
    ),
    (_match, [name, single, double, bare]) => {
      const value = single ?? double ?? trimRight(bare!);
      if (secretValueKept(value)) return undefined;
      const quote = single !== undefined ? "'" : double !== undefined ? '"' : '';
      const rest = bare !== undefined ? bare.slice(value.length) : '';
      return { text: `${name}${quote}${placeholder('secretsmanager-secret-string')}${quote}${rest}`, kind: 'secretsmanager-secret-string' };
    },
    /secret_?(?:string|binary)/i,
  );
}

function trimRight(value: string): string {
  return value.replace(/[ \t]+$/, '');
}

// --- AWS credentials ---------------------------------------------------------------

const ACCESS_KEY_ID = /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/;

/**
 * Without names: `aws iam create-access-key --output text`, `aws sts assume-role
 * --output text` and the console's credentials CSV put the secret key (40 base64
 * characters, mixed case) and the session token (long base64) on the line of the
 * key id. Only such lines, and not JSON ones (which have names), are looked at.
 */
const credentialLines: Rule = {
  trigger: /AKIA|ASIA/,
  apply(text, tally) {
    const finder = new RegExp(ACCESS_KEY_ID.source, 'g');
    let out = '';
    let copied = 0;
    for (let hit = finder.exec(text); hit; hit = finder.exec(text)) {
      const lineStart = text.lastIndexOf('\n', hit.index) + 1;
      let lineEnd = text.indexOf('\n', hit.index);
      if (lineEnd === -1) lineEnd = text.length;
      finder.lastIndex = lineEnd;
      if (lineStart < copied) continue;
      const line = text.slice(lineStart, lineEnd);
      if (line.length > 8192 || line.includes('{')) continue;
      const redactedLine = line.replace(/(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40,}={0,2}(?![A-Za-z0-9/+=])/g, (token) => {
        if (token.length === 40 && /[a-z]/.test(token) && /[A-Z]/.test(token)) {
          tally.add('aws-secret-access-key');
          return placeholder('aws-secret-access-key');
        }
        if (token.length >= 100) {
          tally.add('aws-session-token');
          return placeholder('aws-session-token');
        }
        return token;
      });
      if (redactedLine !== line) {
        out += text.slice(copied, lineStart) + redactedLine;
        copied = lineEnd;
      }
    }
    return copied === 0 ? text : out + text.slice(copied);
  },
};

const awsCredentials: Rule[] = [
  credentialLines,
  // aws_secret_access_key = …, "SecretAccessKey": "…", <SecretAccessKey>…, secret_key …
  regexRule(
    new RegExp(String.raw`(?<![A-Za-z0-9])((?:aws[_.-]?)?secret[_.-]?(?:access[_.-]?)?key${NAME_VALUE_SEPARATOR})([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])`, 'gi'),
    (_match, [name]) => ({ text: `${name}${placeholder('aws-secret-access-key')}`, kind: 'aws-secret-access-key' }),
    /secret[_.-]?(?:access[_.-]?)?key/i,
  ),
  // aws_session_token = …, "SessionToken": "…", X-Amz-Security-Token: … (also URL-encoded in presigned URLs)
  regexRule(
    new RegExp(String.raw`(?<![A-Za-z0-9])((?:aws[_.-]?)?(?:session|security)[_.-]?token${NAME_VALUE_SEPARATOR})([A-Za-z0-9/+%]{16,100000}={0,2})(?![A-Za-z0-9/+=%])`, 'gi'),
    (_match, [name]) => ({ text: `${name}${placeholder('aws-session-token')}`, kind: 'aws-session-token' }),
    /(?:session|security)[_.-]?token/i,
  ),
];

const accessKeyIds = tokenRule('aws-access-key-id', new RegExp(ACCESS_KEY_ID.source, 'g'), /AKIA|ASIA/);

// --- Tokens recognisable by shape ----------------------------------------------------

const jwt = tokenRule(
  'jwt',
  /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,100000}\.eyJ[A-Za-z0-9_-]{4,100000}\.[A-Za-z0-9_-]{0,100000}/g,
  /eyJ/,
);

const passwordInUrl = regexRule(
  /(?<![A-Za-z0-9+.-])([A-Za-z][A-Za-z0-9+.-]{0,30}:\/\/[^\s:/?#@"'<>[\]]{0,256}:)([^\s/?#"'<>]{1,256})@/g,
  (_match, [prefix, password]) =>
    isPlaceholderValue(password!) ? undefined : { text: `${prefix}${placeholder('password-in-url')}@`, kind: 'password-in-url' },
  /:\/\//,
);

const authorizationHeader = regexRule(
  /(?<![A-Za-z0-9_-])((?:proxy-)?authorization\\?["']?[ \t]*[:=][ \t]*\\?["']?(?:bearer|basic|token|bot)[ \t]+)([A-Za-z0-9._~+/=-]{6,100000})/gi,
  (_match, [prefix]) => ({ text: `${prefix}${placeholder('authorization-header')}`, kind: 'authorization-header' }),
  /authorization/i,
);

const prefixedTokens: Rule[] = [
  tokenRule('github-token', /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{36,255})(?![A-Za-z0-9_])/g, /gh[pousr]_|github_pat_/),
  tokenRule('slack-token', /(?<![A-Za-z0-9_-])xox[abprs]-[A-Za-z0-9-]{10,1000}(?![A-Za-z0-9_-])/g, /xox[abprs]-/),
  tokenRule('stripe-key', /(?<![A-Za-z0-9_])[sr]k_(?:live|test)_[A-Za-z0-9]{16,255}(?![A-Za-z0-9_])/g, /k_(?:live|test)_/),
  tokenRule('google-api-key', /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g, /AIza/),
  tokenRule('npm-token', /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g, /npm_/),
];

// --- Generic name = value ------------------------------------------------------------

/** Words a secret's name ends in. The name may have any prefix (`DB_PASSWORD`, `MasterUserPassword`, `spring.datasource.password`). */
const SECRET_WORDS = String.raw`(?:password|passwd|passphrase|pwd|secret[_.-]?(?:access[_.-]?)?key|private[_.-]?key|api[_.-]?key|apikey|secret|token|auth)`;

/** A value: JSON-escaped quoted, double-quoted, single-quoted, or bare up to a delimiter (base64 padding allowed). */
const VALUE = String.raw`(?:\\"((?:[^\\"\r\n]|\\[^"\r\n]){0,4096})\\"|"((?:[^"\\\r\n]|\\.){0,4096})"|'([^'\r\n]{0,4096})'|([^\s"'\`,;&|<>(){}[\]\\=]{1,4096}={0,3}))`;

const PAGINATION_AND_IDEMPOTENCY = /(?:next|pagination|continuation|starting|start|client|idempotency|cancel|cancellation|page|sync|resume|continue|marker|change|request)[_.-]?token$/i;

/** The kind for a name that holds a secret, or undefined. Used for assignments, CLI flags and object keys. */
function secretNameKind(name: string): Kind | undefined {
  const bare = name.replace(/^-+/, '');
  if (/^secret[_.-]?(?:string|binary)$/i.test(bare)) return 'secretsmanager-secret-string';
  if (/secret[_.-]?access[_.-]?key$/i.test(bare)) return 'aws-secret-access-key';
  if (/(?:session|security)[_.-]?token$/i.test(bare)) return 'aws-session-token';
  if (/(?:password|passwd|passphrase)$/i.test(bare) || /[_.-]pwd$/i.test(bare)) return 'password';
  // Words that also end ordinary compounds (`jsonwebtoken`) count only as a word of the name.
  if (endsWithWord(bare, /token$/i)) return PAGINATION_AND_IDEMPOTENCY.test(bare) ? undefined : 'generic-secret';
  if (endsWithWord(bare, /(?:secret[_.-]?key|private[_.-]?key|api[_.-]?key|apikey|secret)$/i)) return 'generic-secret';
  if (/(?:^|[_.-])auth$/i.test(bare)) return 'generic-secret';
  return undefined;
}

/** Whether `name` ends with `word` as a word of its own: after a separator, at a camelCase step, or in an all-caps name. */
function endsWithWord(name: string, word: RegExp): boolean {
  const found = word.exec(name);
  if (!found) return false;
  const at = found.index;
  if (at === 0) return true;
  const before = name[at - 1]!;
  if (/[_.\- ]/.test(before)) return true;
  if (/[a-z0-9]/.test(before) && /[A-Z]/.test(name[at]!)) return true;
  return name === name.toUpperCase();
}

/** The kind for `value` held under `name`, or undefined when it is not a secret (or only stands for one). */
function keyedValueKind(name: string, value: string): Kind | undefined {
  const kind = secretNameKind(name);
  if (kind === undefined || isPlaceholderValue(value)) return undefined;
  // `auth: iam` is a mode; docker's `"auth": "<base64 of user:password>"` is a credential.
  if (/(?:^|[_.-])auth$/i.test(name) && !/^[A-Za-z0-9+/]{12,}={0,2}$/.test(value)) return undefined;
  return kind;
}

const GENERIC_ASSIGNMENT = new RegExp(
  String.raw`(?<![A-Za-z0-9_.:-])([A-Za-z0-9_.-]{0,63}?${SECRET_WORDS})(\\?["']?[ \t]*(?:=>|:=|[:=])[ \t]*)${VALUE}`,
  'gi',
);

const CLI_FLAG = new RegExp(
  String.raw`(?<![A-Za-z0-9_-])(--[A-Za-z0-9-]{0,63}?(?:password|passwd|passphrase|secret|token|api-key|apikey|private-key))(=|[ \t]+)(?!-)${VALUE}`,
  'gi',
);

function genericValue(
  name: string,
  separator: string,
  groups: (string | undefined)[],
  following: string,
): { text: string; kind: Kind } | undefined {
  const [escaped, double, single, bare] = groups;
  const value = escaped ?? double ?? single ?? bare ?? '';
  const kind = keyedValueKind(name, value);
  if (kind === undefined) return undefined;
  // A call, an index, `${{ … }}`, a comparison or a reference: code, not a literal.
  if (bare !== undefined && (/^(?:[([{]|[ \t]*(?:[=!]==?|&&|\|\||\?))/.test(following) || isCodeReference(value))) return undefined;
  const quote = escaped !== undefined ? '\\"' : double !== undefined ? '"' : single !== undefined ? "'" : '';
  return { text: `${name}${separator}${quote}${placeholder(kind)}${quote}`, kind };
}

const genericAssignments: Rule[] = [
  regexRule(GENERIC_ASSIGNMENT, (match, [name, separator, ...values], offset, input) =>
    genericValue(name!, separator!, values, input.slice(offset + match.length, offset + match.length + 8)),
  ),
  regexRule(
    CLI_FLAG,
    (match, [name, separator, ...values], offset, input) => genericValue(name!, separator!, values, input.slice(offset + match.length, offset + match.length + 8)),
    /--/,
  ),
];

// --- Placeholders and references that must be kept --------------------------------------

const PLACEHOLDER_WORDS = new Set([
  'true', 'false', 'yes', 'no', 'on', 'off', 'null', 'nil', 'none', 'undefined', 'empty',
  'string', 'str', 'bytes', 'number', 'int', 'integer', 'bool', 'boolean',
  'required', 'optional', 'sensitive', '(sensitive)', '(sensitive value)', 'redacted', 'hidden', 'masked', 'unset', 'not set',
  'hidden_due_to_security_reasons',
]);

/** Values that stand for a secret rather than being one: references, templates, masks, types, booleans. */
function isPlaceholderValue(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed === '') return true;
  if (trimmed.includes(REDACTED.slice(0, -1))) return true; // already redacted, whole or in part (`[REDACTED]`, `[REDACTED:kind]`)
  if (PLACEHOLDER_WORDS.has(trimmed.toLowerCase())) return true;
  // Shell and CI references ($VAR, ${VAR}, $(cmd), ${{ secrets.X }}), templates ({{ }}, {% %}, #{}), <placeholders>, CloudFormation tags.
  if (/^(?:\$(?:[{(]|[A-Za-z_][A-Za-z0-9_]*$|\d$)|\{\{|\{%|<[^<>]*>$|%\(|#\{|!(?:Ref|Sub|GetAtt|ImportValue|Join|Select|If|FindInMap)\b)/.test(trimmed)) return true;
  if (/^[*•.xX#_?!-]+$/.test(trimmed)) return true; // ****, xxxx, ..., `${VAR:?}`
  return false;
}

/** HCL / code references used as a value: `var.db_password`, `random_password.db.result`, `process.env.TOKEN`. */
function isCodeReference(value: string): boolean {
  return /^(?:var|local|data|module|random_password|self|process\.env|os\.environ|env|config|settings)\.[A-Za-z_][A-Za-z0-9_.[\]"]*$/.test(value);
}

const RULES: readonly Rule[] = [
  privateKeys,
  ...secretsManager,
  ...awsCredentials,
  jwt,
  passwordInUrl,
  ...prefixedTokens,
  authorizationHeader,
  accessKeyIds,
  ...genericAssignments,
];
