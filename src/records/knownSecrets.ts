/**
 * Redaction of exact known secret values (resolved credentials, secret parameters)
 * from text before it is shown or written. Pattern-based redaction comes on top of
 * this; exact values come first because they are certain.
 */
export const REDACTED = '[REDACTED]';

export function redactKnownSecrets(text: string, secrets: readonly string[]): { text: string; count: number } {
  let count = 0;
  let result = text;
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets].filter((s) => s.length > 0).sort((a, b) => b.length - a.length)) {
    if (!result.includes(secret)) continue;
    const parts = result.split(secret);
    count += parts.length - 1;
    result = parts.join(REDACTED);
  }
  return { text: result, count };
}

/**
 * For streamed output: redacts what can be shown now and keeps back only the end
 * of the text that could be the start of a secret continued in the next chunk.
 * Ordinary output is never held back, so streaming stays live.
 */
export class StreamRedactor {
  private carry = '';

  constructor(private readonly secrets: readonly string[]) {}

  push(chunk: string): string {
    const text = this.carry + chunk;
    const held = longestSecretPrefixSuffix(text, this.secrets);
    this.carry = text.slice(text.length - held);
    return redactKnownSecrets(text.slice(0, text.length - held), this.secrets).text;
  }

  /** The rest, at the end of the stream. */
  end(): string {
    const rest = redactKnownSecrets(this.carry, this.secrets).text;
    this.carry = '';
    return rest;
  }
}

/** Length of the longest end of `text` that is a proper prefix of some secret. */
function longestSecretPrefixSuffix(text: string, secrets: readonly string[]): number {
  let longest = 0;
  for (const secret of secrets) {
    for (let length = Math.min(secret.length - 1, text.length); length > longest; length--) {
      if (text.endsWith(secret.slice(0, length))) {
        longest = length;
        break;
      }
    }
  }
  return longest;
}
