import type { CellAttributes } from './model';

/** What a fence info string says: `sh {"name":"x","risk":"mutating"}`. */
export interface FenceInfo {
  language: string;
  attributes: CellAttributes;
  problems: string[];
}

/**
 * Splits an info string into the language word and the JSON attribute object that
 * may follow it (the Runme-compatible form). Text after the language that is not a
 * JSON object (`python title="x"`) is ordinary Markdown info and is left alone.
 */
export function parseFenceInfo(info: string): FenceInfo {
  const trimmed = info.trim();
  const language = /^[^\s{]*/.exec(trimmed)?.[0] ?? '';
  const rest = trimmed.slice(language.length).trim();
  if (!rest.startsWith('{')) return { language, attributes: {}, problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(rest);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      language,
      attributes: {},
      problems: [`Cell attributes are not valid JSON (${reason}): ${rest}`],
    };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    return { language, attributes: {}, problems: [`Cell attributes must be a JSON object: ${rest}`] };
  }
  return { language, attributes: parsed as CellAttributes, problems: [] };
}

/** Writes an info string for a language and attributes, as a newly created fence would have. */
export function formatFenceInfo(language: string, attributes: CellAttributes): string {
  const json = Object.keys(attributes).length > 0 ? JSON.stringify(attributes) : '';
  return [language, json].filter((part) => part.length > 0).join(' ');
}

/** True when two attribute objects are the same JSON value (key order included). */
export function sameAttributes(a: CellAttributes, b: CellAttributes): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
