/**
 * Pretty-prints a command's output when the whole of it is one JSON object or
 * array (as `aws ... --output json` prints); undefined otherwise.
 */
export function prettyJson(text: string): string | undefined {
  const trimmed = text.trim();
  if (!(trimmed.startsWith('{') || trimmed.startsWith('['))) return undefined;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return undefined;
  }
}
