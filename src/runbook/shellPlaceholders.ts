/**
 * `{{ name }}` placeholders in cells.
 *
 * Shell cells never receive a parameter's value as source text. Every parameter is
 * in the cell's environment (`trailName` → `$TRAIL_NAME`, see `parameters.ts`), and
 * `substituteShell` rewrites each placeholder into a reference to that variable,
 * quoted for where it stands:
 *
 * | where the placeholder is                      | becomes             |
 * |-----------------------------------------------|---------------------|
 * | unquoted (also inside `$(...)`, backquotes, `${x:-...}`) | `"${TRAIL_NAME}"` |
 * | inside double quotes, `${...}` within them, an unquoted here-document (`<<EOF`) | `${TRAIL_NAME}` |
 * | inside an arithmetic expression (`$((...))`, `((...))`) | `${TRAIL_NAME}` for a `number` parameter; error otherwise (bash evaluates the text as an expression, and array subscripts there can run commands) |
 * | inside single quotes, `$'...'`, a here-document with a quoted delimiter (`<<'EOF'`, `<<"EOF"`, `<<\EOF`), or a comment | error: the shell would not expand a reference there |
 *
 * Because only variable references are inserted, a value is never parsed as shell
 * code whatever it contains; quoting by context additionally keeps it one word,
 * unsplit and unglobbed.
 *
 * The scan of quoting contexts is a best-effort model of bash's lexer, not a parser.
 * It follows single and double quotes (with backslash escapes), `$'...'`, `$"..."`,
 * backslash escapes outside quotes, comments (`#` at the start of a word),
 * here-documents (`<<`, `<<-`, several on one line), `$(...)` and backquotes (their
 * content is unquoted context again, also inside double quotes), `${...}`, and
 * arithmetic. Known gaps: a `case` pattern's `)` inside `$(...)` ends the command
 * substitution early; `$[...]` arithmetic and arithmetic in `let`, `declare -i`,
 * array subscripts and `[[ -eq ]]` are not recognised. A gap can only misjudge the
 * quoting (a value split into words, or an expansion shown literally), never make a
 * value code.
 *
 * `\{{` stands for a literal `{{` in every context (the backslash is removed).
 * Only `{{ identifier }}` is a placeholder; other `{{ ... }}` text (Go templates such
 * as `{{.Name}}`) is left alone.
 */
import { MASK, referencedParameters, valueOf, type ParameterSpec } from './parameters';

type Context =
  /** Shell code: the whole cell (`end`), `$(...)` (`paren`), or backquotes. */
  | { kind: 'code'; closer: 'end' | 'paren' | 'backtick'; depth: number }
  /** `${...}`; `quoted` when it stands inside double quotes or an unquoted here-document. */
  | { kind: 'param'; quoted: boolean; depth: number }
  | { kind: 'arith'; depth: number }
  | { kind: 'dq' }
  | { kind: 'sq' }
  | { kind: 'ansi' }
  | { kind: 'heredoc'; delimiter: string; stripTabs: boolean; quoted: boolean };

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  quoted: boolean;
}

const PLACEHOLDER = /\{\{[ \t]*([A-Za-z][A-Za-z0-9_]*)[ \t]*\}\}/y;

function placeholderAt(source: string, index: number): { name: string; text: string; end: number } | undefined {
  if (source.charCodeAt(index) !== 123 /* { */ || source.charCodeAt(index + 1) !== 123) return undefined;
  PLACEHOLDER.lastIndex = index;
  const match = PLACEHOLDER.exec(source);
  return match ? { name: match[1]!, text: match[0], end: index + match[0].length } : undefined;
}

/** Ends a word: whitespace and the shell's metacharacters. */
const isBoundary = (ch: string): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r' || ch === ';' || ch === '&' || ch === '|' || ch === '(' || ch === ')' || ch === '<' || ch === '>';

/**
 * Rewrites the placeholders of a shell cell into quoted references to the
 * parameters' environment variables (see the table above). Errors name the line.
 */
export function substituteShell(source: string, specs: readonly ParameterSpec[]): { source: string } | { error: string } {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const out: string[] = [];
  const errors: string[] = [];
  const stack: Context[] = [{ kind: 'code', closer: 'end', depth: 0 }];
  let pending: PendingHeredoc[] = [];
  let wordStart = true;
  let i = 0;
  const n = source.length;

  const lineAt = (index: number): number => {
    let line = 1;
    for (let k = 0; k < index; k++) if (source.charCodeAt(k) === 10) line++;
    return line;
  };
  const emit = (text: string, length: number = text.length): void => {
    out.push(text);
    i += length;
  };

  /** The replacement for a placeholder of a known parameter in a context, or an error. */
  const replace = (ctx: Context, spec: ParameterSpec, text: string, at: number): string | undefined => {
    const env = spec.envName;
    const problem = (where: string, advice: string): undefined => {
      errors.push(`Line ${lineAt(at)}: ${text} is ${where}; ${advice}.`);
      return undefined;
    };
    switch (ctx.kind) {
      case 'code':
        return `"\${${env}}"`;
      case 'param':
        return ctx.quoted ? `\${${env}}` : `"\${${env}}"`;
      case 'dq':
        return `\${${env}}`;
      case 'heredoc':
        return ctx.quoted
          ? problem(
              `inside a here-document with a quoted delimiter (like <<'EOF'), which the shell does not expand, so it cannot be substituted there`,
              `use an unquoted delimiter (<<EOF) or pass "$${env}" another way`,
            )
          : `\${${env}}`;
      case 'arith':
        return spec.type === 'number'
          ? `\${${env}}`
          : problem(
              'inside an arithmetic expression, where bash would evaluate the value as an expression (which can run commands)',
              `declare ${spec.name} with \`type: number\` to use it in arithmetic`,
            );
      case 'sq':
        return problem(`inside single quotes, where it cannot be substituted safely`, `close the quotes and use "$${env}" instead, like 'text'"$${env}"'more text'`);
      case 'ansi':
        return problem(`inside $'...' quotes, where it cannot be substituted safely`, `close the quotes and use "$${env}" instead`);
    }
  };

  const unknown = (text: string, at: number): void => {
    const declared = specs.length > 0 ? `The declared parameters are ${specs.map((spec) => spec.name).join(', ')}.` : 'This runbook declares no parameters.';
    errors.push(`Line ${lineAt(at)}: ${text} names no parameter of this runbook. ${declared} (Write \\{{ for a literal {{.)`);
  };

  /**
   * `$(`, `$((`, `${`, `$'`, `$"` (the last two only where `allowQuotes`) or a
   * mistaken `${{ name }}` at i. Returns true when it consumed something (and then
   * has set wordStart).
   */
  const dollar = (quotedParam: boolean, allowQuotes: boolean): boolean => {
    const next = source[i + 1];
    if (next === '(') {
      if (source[i + 2] === '(') {
        stack.push({ kind: 'arith', depth: 0 });
        emit('$((');
        wordStart = false;
      } else {
        stack.push({ kind: 'code', closer: 'paren', depth: 0 });
        emit('$(');
        wordStart = true;
      }
      return true;
    }
    if (next === '{') {
      const placeholder = placeholderAt(source, i + 1);
      if (placeholder) {
        errors.push(`Line ${lineAt(i)}: $${placeholder.text} mixes a shell expansion with a placeholder; write ${placeholder.text} or "$${byName.get(placeholder.name)?.envName ?? placeholder.name}" without the extra $.`);
        emit(source.slice(i, placeholder.end));
        wordStart = false;
        return true;
      }
      stack.push({ kind: 'param', quoted: quotedParam, depth: 0 });
      emit('${');
      wordStart = false;
      return true;
    }
    if (allowQuotes && next === "'") {
      stack.push({ kind: 'ansi' });
      emit("$'");
      wordStart = false;
      return true;
    }
    if (allowQuotes && next === '"') {
      stack.push({ kind: 'dq' });
      emit('$"');
      wordStart = false;
      return true;
    }
    return false;
  };

  /** A character where bash still expands (inside double quotes, in an unquoted heredoc): escapes, `$…` and backticks act. */
  const expanding = (ch: string): void => {
    if (ch === '\\') {
      emit(source.slice(i, i + 2));
    } else if (ch === '$' && dollar(true, false)) {
      return;
    } else if (ch === '`') {
      stack.push({ kind: 'code', closer: 'backtick', depth: 0 });
      emit(ch);
      wordStart = true;
      return;
    } else {
      emit(ch);
    }
    wordStart = false;
  };

  while (i < n) {
    const ctx = stack[stack.length - 1]!;
    const ch = source[i]!;

    // A here-document ends at a line that is exactly its delimiter (after leading tabs for <<-).
    if (ctx.kind === 'heredoc' && (i === 0 || source[i - 1] === '\n')) {
      const lineEnd = source.indexOf('\n', i) === -1 ? n : source.indexOf('\n', i);
      const line = source.slice(i, lineEnd);
      if ((ctx.stripTabs ? line.replace(/^\t+/, '') : line) === ctx.delimiter) {
        stack.pop();
        emit(line);
        continue;
      }
    }

    if (ch === '\\' && source[i + 1] === '{' && source[i + 2] === '{') {
      emit('{{', 3);
      wordStart = false;
      continue;
    }

    const placeholder = placeholderAt(source, i);
    if (placeholder) {
      const spec = byName.get(placeholder.name);
      if (!spec) unknown(placeholder.text, i);
      const replacement = spec ? replace(ctx, spec, placeholder.text, i) : undefined;
      emit(replacement ?? placeholder.text, placeholder.text.length);
      wordStart = false;
      continue;
    }

    switch (ctx.kind) {
      case 'code': {
        if (ch === '\\') {
          // An escaped character is part of a word; a line continuation is not.
          if (source[i + 1] !== '\n') wordStart = false;
          emit(source.slice(i, i + 2));
          break;
        }
        if (ch === '#' && wordStart) {
          // A comment, to the end of the line: nothing in it is expanded.
          while (i < n && source[i] !== '\n') {
            if (source[i] === '\\' && source[i + 1] === '{' && source[i + 2] === '{') {
              emit('{{', 3);
              continue;
            }
            const inComment = placeholderAt(source, i);
            if (inComment) {
              const spec = byName.get(inComment.name);
              if (!spec) unknown(inComment.text, i);
              else errors.push(`Line ${lineAt(i)}: ${inComment.text} is in a comment, which is not substituted; use "$${spec.envName}" in the command itself, or write \\{{ for a literal {{.`);
              emit(inComment.text);
              continue;
            }
            emit(source[i]!);
          }
          break;
        }
        if (ch === "'") {
          stack.push({ kind: 'sq' });
          emit(ch);
          wordStart = false;
          break;
        }
        if (ch === '"') {
          stack.push({ kind: 'dq' });
          emit(ch);
          wordStart = false;
          break;
        }
        if (ch === '$' && dollar(false, true)) break;
        if (ch === '`') {
          if (ctx.closer === 'backtick') stack.pop();
          else stack.push({ kind: 'code', closer: 'backtick', depth: 0 });
          emit(ch);
          wordStart = ctx.closer !== 'backtick';
          break;
        }
        if (ch === '(' && wordStart && source[i + 1] === '(') {
          stack.push({ kind: 'arith', depth: 0 });
          emit('((');
          wordStart = false;
          break;
        }
        if (ch === '(') {
          if (ctx.closer === 'paren') ctx.depth++;
          emit(ch);
          wordStart = true;
          break;
        }
        if (ch === ')') {
          if (ctx.closer === 'paren') {
            if (ctx.depth === 0) {
              stack.pop();
              emit(ch);
              wordStart = false;
              break;
            }
            ctx.depth--;
          }
          emit(ch);
          wordStart = true;
          break;
        }
        if (ch === '<' && source[i + 1] === '<' && source[i + 2] !== '<') {
          const heredoc = readHeredocOperator(source, i);
          if (heredoc) {
            pending.push(heredoc.pending);
            emit(source.slice(i, heredoc.end));
            wordStart = true;
            break;
          }
        }
        if (ch === '<' && source[i + 1] === '<' && source[i + 2] === '<') {
          emit('<<<');
          wordStart = true;
          break;
        }
        if (ch === '\n') {
          emit(ch);
          wordStart = true;
          if (pending.length > 0) {
            // Bodies follow this line, in order: the first one on top of the stack.
            for (const heredoc of [...pending].reverse()) stack.push({ kind: 'heredoc', ...heredoc });
            pending = [];
          }
          break;
        }
        emit(ch);
        wordStart = isBoundary(ch);
        break;
      }

      case 'param': {
        if (ch === '$' && dollar(ctx.quoted, !ctx.quoted)) break;
        if (ch === '\\') {
          emit(source.slice(i, i + 2));
        } else if (ch === '`') {
          stack.push({ kind: 'code', closer: 'backtick', depth: 0 });
          emit(ch);
          wordStart = true;
        } else if (ch === '"') {
          stack.push({ kind: 'dq' });
          emit(ch);
        } else if (ch === "'" && !ctx.quoted) {
          stack.push({ kind: 'sq' });
          emit(ch);
        } else if (ch === '{') {
          ctx.depth++;
          emit(ch);
        } else if (ch === '}') {
          if (ctx.depth === 0) stack.pop();
          else ctx.depth--;
          emit(ch);
        } else {
          emit(ch);
        }
        wordStart = false;
        break;
      }

      case 'arith': {
        if (ch === '$' && dollar(false, false)) break;
        if (ch === '\\') {
          emit(source.slice(i, i + 2));
        } else if (ch === '`') {
          stack.push({ kind: 'code', closer: 'backtick', depth: 0 });
          emit(ch);
          wordStart = true;
          break;
        } else if (ch === '(') {
          ctx.depth++;
          emit(ch);
        } else if (ch === ')') {
          if (ctx.depth === 0 && source[i + 1] === ')') {
            stack.pop();
            emit('))');
          } else {
            if (ctx.depth > 0) ctx.depth--;
            emit(ch);
          }
        } else {
          emit(ch);
        }
        wordStart = false;
        break;
      }

      case 'dq': {
        if (ch === '"') {
          stack.pop();
          emit(ch);
          wordStart = false;
        } else {
          expanding(ch);
        }
        break;
      }

      case 'sq': {
        if (ch === "'") stack.pop();
        emit(ch);
        wordStart = false;
        break;
      }

      case 'ansi': {
        if (ch === '\\') emit(source.slice(i, i + 2));
        else {
          if (ch === "'") stack.pop();
          emit(ch);
        }
        wordStart = false;
        break;
      }

      case 'heredoc': {
        if (ctx.quoted) {
          emit(ch);
          wordStart = false;
        } else {
          expanding(ch);
        }
        break;
      }
    }
  }

  return errors.length > 0 ? { error: errors.join('\n') } : { source: out.join('') };
}

/**
 * Reads `<<WORD`, `<<-WORD`, `<< 'WORD'`, `<<"WORD"`, `<<\WORD` at `index`. The
 * delimiter is quoted (the body is not expanded) when any part of the word is quoted
 * or escaped. Undefined when no word follows.
 */
function readHeredocOperator(source: string, index: number): { pending: PendingHeredoc; end: number } | undefined {
  let j = index + 2;
  const stripTabs = source[j] === '-';
  if (stripTabs) j++;
  while (source[j] === ' ' || source[j] === '\t') j++;
  let delimiter = '';
  let quoted = false;
  while (j < source.length) {
    const ch = source[j]!;
    if (isBoundary(ch)) break;
    if (ch === "'") {
      const close = source.indexOf("'", j + 1);
      const stop = close === -1 ? source.length : close;
      delimiter += source.slice(j + 1, stop);
      quoted = true;
      j = stop + 1;
    } else if (ch === '"') {
      let k = j + 1;
      while (k < source.length && source[k] !== '"') {
        if (source[k] === '\\' && k + 1 < source.length) k++;
        delimiter += source[k];
        k++;
      }
      quoted = true;
      j = k + 1;
    } else if (ch === '\\') {
      delimiter += source[j + 1] ?? '';
      quoted = true;
      j += 2;
    } else {
      delimiter += ch;
      j++;
    }
  }
  if (delimiter === '' && !quoted) return undefined;
  return { pending: { delimiter, stripTabs, quoted }, end: Math.min(j, source.length) };
}

/**
 * For cells that run without a shell (native AWS cells): each placeholder becomes
 * the parameter's value (given, else its default). Values were validated by type.
 * `\{{` stands for a literal `{{`.
 */
export function substituteText(source: string, specs: readonly ParameterSpec[], values: Record<string, string>): { source: string } | { error: string } {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const errors: string[] = [];
  let line = 1;
  let out = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '\\' && source[i + 1] === '{' && source[i + 2] === '{') {
      out += '{{';
      i += 3;
      continue;
    }
    const placeholder = placeholderAt(source, i);
    if (placeholder) {
      const spec = byName.get(placeholder.name);
      const value = spec ? valueOf(spec, values) : undefined;
      if (!spec) {
        const declared = specs.length > 0 ? `The declared parameters are ${specs.map((s) => s.name).join(', ')}.` : 'This runbook declares no parameters.';
        errors.push(`Line ${line}: ${placeholder.text} names no parameter of this runbook. ${declared} (Write \\{{ for a literal {{.)`);
      } else if (value === undefined) {
        errors.push(`Line ${line}: ${placeholder.text} has no value: parameter ${spec.name} was not given one and has no default.`);
      }
      out += value ?? placeholder.text;
      i = placeholder.end;
      continue;
    }
    if (ch === '\n') line++;
    out += ch;
    i++;
  }
  return errors.length > 0 ? { error: errors.join('\n') } : { source: out };
}

/**
 * The exact command after substitution, for a confirmation dialog: the substituted
 * shell source, then one `# NAME='value'` line per parameter the cell uses. Values
 * with control or bidirectional-formatting characters are shown in `$'...'` form so
 * a value cannot fake extra lines; secrets show as `••••••`. When substitution
 * fails, the original source followed by the errors as comments.
 */
export function displayCommand(source: string, specs: readonly ParameterSpec[], values: Record<string, string>): string {
  const substituted = substituteShell(source, specs);
  const body = 'source' in substituted ? substituted.source : `${source}\n${substituted.error.split('\n').map((line) => `# ${line}`).join('\n')}`;
  const used = referencedParameters(specs, [{ languageId: 'shellscript', source }]);
  if (used.length === 0) return body;
  const lines = used.map((spec) => {
    const value = valueOf(spec, values);
    if (value === undefined) return `# ${spec.envName} is not set`;
    return `# ${spec.envName}=${spec.secret ? MASK : shellQuote(value)}`;
  });
  return `${body.replace(/\n+$/, '')}\n${lines.join('\n')}`;
}

/** Characters that would make a displayed value misleading: controls, line/paragraph separators, bidi formatting. */
const UNSAFE_FOR_DISPLAY = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** A bash word that means exactly `value`: `'...'`, or `$'...'` when the value has characters that do not display honestly. */
export function shellQuote(value: string): string {
  if (!UNSAFE_FOR_DISPLAY.test(value)) return `'${value.replace(/'/g, `'\\''`)}'`;
  let quoted = "$'";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '\\') quoted += '\\\\';
    else if (ch === "'") quoted += "\\'";
    else if (ch === '\n') quoted += '\\n';
    else if (ch === '\t') quoted += '\\t';
    else if (ch === '\r') quoted += '\\r';
    else if (UNSAFE_FOR_DISPLAY.test(ch)) quoted += code <= 0x7f ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += ch;
  }
  return `${quoted}'`;
}
