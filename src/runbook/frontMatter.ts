import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { FrontMatter } from './model';

/**
 * Finds YAML front matter at the very start of a document: a first line of `---`,
 * then YAML, then a line of `---` or `...`. Returns the matter (its raw text
 * includes the closing delimiter's line ending) or undefined when there is none.
 * An opening `---` without a closing line is not front matter; CommonMark then
 * reads it as a thematic break, and so do we.
 */
export function readFrontMatter(text: string): FrontMatter | undefined {
  const firstLine = /^---[ \t]*(\r\n|\n|\r)/.exec(text);
  if (!firstLine) return undefined;
  const closing = /^(?:---|\.\.\.)[ \t]*(?:\r\n|\n|\r|$)/gm;
  closing.lastIndex = firstLine[0].length;
  let match: RegExpExecArray | null;
  while ((match = closing.exec(text)) !== null) {
    if (match.index < firstLine[0].length) continue;
    // `^` in multiline mode also matches after U+2028/U+2029, which Markdown does not treat as line breaks.
    const before = text[match.index - 1];
    if (before !== '\n' && before !== '\r') continue;
    const raw = text.slice(0, match.index + match[0].length);
    const yamlText = text.slice(firstLine[0].length, match.index);
    return { raw, ...parseFrontMatterYaml(yamlText, lineCount(firstLine[0])) };
  }
  return undefined;
}

function parseFrontMatterYaml(yamlText: string, lineOffset: number): Pick<FrontMatter, 'data' | 'error'> {
  try {
    return { data: parseYaml(yamlText, { prettyErrors: true, strict: true }) ?? {} };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = error.linePos?.[0];
      const where = line ? `line ${line.line + lineOffset}` : 'front matter';
      return { data: undefined, error: `Front matter is not valid YAML (${where}): ${firstLineOf(error.message)}` };
    }
    return { data: undefined, error: `Front matter could not be read: ${String(error)}` };
  }
}

function lineCount(text: string): number {
  return text.split(/\r\n|\n|\r/).length - 1;
}

/** The yaml library's first message line, without its own position (relative to the YAML, not the file). */
function firstLineOf(message: string): string {
  const first = message.split(/\r?\n/)[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}
