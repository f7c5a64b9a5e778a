/**
 * Reads a duration such as a cell's `timeout` attribute: a number of seconds, or a
 * string like `90s`, `5m`, `1h`, `1h30m`. Returns milliseconds, or an error message.
 */
export function parseDuration(value: unknown): { ms: number } | { error: string } {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? { ms: value * 1000 } : { error: `Duration must be a positive number of seconds, not ${value}.` };
  }
  if (typeof value !== 'string') return { error: `Duration must be a number of seconds or a string like "5m", not ${JSON.stringify(value)}.` };
  const text = value.trim();
  const parts = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(text);
  if (!parts || text === '') {
    if (/^\d+(?:\.\d+)?$/.test(text)) return parseDuration(Number(text));
    return { error: `"${value}" is not a duration; use seconds or a form like "90s", "5m", "1h30m".` };
  }
  const [, h, m, s, ms] = parts;
  const total = Number(h ?? 0) * 3_600_000 + Number(m ?? 0) * 60_000 + Number(s ?? 0) * 1000 + Number(ms ?? 0);
  return total > 0 ? { ms: total } : { error: `Duration must be longer than zero: "${value}".` };
}

/** A short human form of a duration: `850 ms`, `2.4 s`, `3 min 5 s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return seconds > 0 ? `${minutes} min ${seconds} s` : `${minutes} min`;
}
