import { createHash, type Hash } from 'node:crypto';

/** Default size of a cell's output kept in the journal; the rest is hashed and counted, not stored. */
export const DEFAULT_JOURNAL_OUTPUT_BYTES = 256 * 1024;

export interface DigestedOutput {
  /** The first `limit` characters of the output as it arrived (not yet redacted). */
  text: string;
  truncated: boolean;
  /** SHA-256 (hex) and UTF-8 byte count of the full output. */
  sha256: string;
  bytes: number;
}

/**
 * Follows a cell's output as it streams: hashes all of it, keeps only a bounded
 * head for the journal, so memory stays flat however much a cell prints.
 */
export class OutputDigest {
  private readonly hash: Hash = createHash('sha256');
  private bytes = 0;
  private kept = '';
  private truncated = false;

  constructor(private readonly limit = DEFAULT_JOURNAL_OUTPUT_BYTES) {}

  add(text: string): void {
    const data = Buffer.from(text, 'utf8');
    this.hash.update(data);
    this.bytes += data.length;
    if (this.kept.length < this.limit) {
      const room = this.limit - this.kept.length;
      this.kept += text.length > room ? text.slice(0, room) : text;
      if (text.length > room) this.truncated = true;
    } else if (text.length > 0) {
      this.truncated = true;
    }
  }

  finish(): DigestedOutput {
    return { text: this.kept, truncated: this.truncated, sha256: this.hash.digest('hex'), bytes: this.bytes };
  }
}
