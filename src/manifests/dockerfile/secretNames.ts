/**
 * Whether an ENV/ARG name or value looks like it holds a secret. Names are split
 * into words (`_`, `-`, `.`, camelCase) and matched word by word, so
 * `DB_PASSWORD`, `apiKey` and `AWS_SECRET_ACCESS_KEY` match while
 * `TOKENIZERS_PARALLELISM`, `GPG_KEY` and `USERNAME` do not.
 */

const SECRET_WORDS = new Set(['PASSWORD', 'PASSWORDS', 'PASSWD', 'PASS', 'PASSPHRASE', 'SECRET', 'SECRETS', 'TOKEN', 'TOKENS', 'APIKEY', 'CREDENTIAL', 'CREDENTIALS', 'PRIVATEKEY', 'ACCESSKEY', 'SECRETKEY']);

/** A word that only means "secret" before KEY: API_KEY, SIGNING_KEY... (KEY alone is usually a fingerprint or an id). */
const KEY_QUALIFIERS = new Set(['API', 'ACCESS', 'PRIVATE', 'SECRET', 'SIGNING', 'ENCRYPTION', 'MASTER', 'CLIENT', 'AUTH', 'SSH', 'TLS', 'SSL', 'LICENSE', 'LICENCE', 'HMAC', 'JWT', 'SESSION']);

/** A last word that makes the variable about a secret rather than the secret itself. */
const REFERENCE_WORDS = new Set([
  'FILE',
  'FILES',
  'PATH',
  'DIR',
  'URL',
  'URI',
  'ENDPOINT',
  'HOST',
  'PORT',
  'NAME',
  'ID',
  'ARN',
  'LENGTH',
  'LEN',
  'TTL',
  'TIMEOUT',
  'EXPIRY',
  'EXPIRES',
  'EXPIRATION',
  'LIFETIME',
  'ENABLED',
  'DISABLED',
  'ENABLE',
  'HEADER',
  'TYPE',
  'VERSION',
  'FINGERPRINT',
  'MODE',
  'POLICY',
  'REGION',
  'USER',
  'USERNAME',
  'FORMAT',
  'PREFIX',
  'SUFFIX',
  'SIZE',
  'COUNT',
  'LIMIT',
  'MIN',
  'MAX',
  'REQUIRED',
  'SOURCE',
  'PROVIDER',
  'STORE',
  'MOUNT',
  'LOCATION',
  'KEYRING',
]);

function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter((word) => word !== '');
}

export function looksLikeSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.length === 0) return false;
  if (REFERENCE_WORDS.has(words[words.length - 1]!)) return false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (SECRET_WORDS.has(word)) return true;
    // PWD alone is the shell's working directory.
    if (word === 'PWD' && words.length > 1) return true;
    if (word === 'KEY' && i > 0 && KEY_QUALIFIERS.has(words[i - 1]!)) return true;
  }
  return false;
}

/** A URL with a password in it: `postgres://app:s3cret@db:5432/app`. */
const URL_WITH_PASSWORD = /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:([^\s@/]+)@/i;

/** The password of a URL with credentials in the value, if any. */
export function urlPassword(value: string): string | undefined {
  return URL_WITH_PASSWORD.exec(value)?.[1];
}

/** A file path (`/run/secrets/db`, `./key.pem`, `~/.npmrc`): it says where a secret is, it is not one. */
export function looksLikePath(value: string): boolean {
  return /^(?:\/|\.\.?\/|~\/|[A-Za-z]:\\)\S*$/.test(value);
}

/** The value is only a variable reference (`$TOKEN`, `${TOKEN}`, `${TOKEN:-}`). */
export function onlyVariable(value: string): boolean {
  return /^\$(?:[A-Za-z_][A-Za-z0-9_]*|\{[A-Za-z_][A-Za-z0-9_]*(?::?[-+][^}]*)?\})$/.test(value.trim());
}
