/**
 * A practical subset of the CloudWatch Logs Insights query language, evaluated
 * over log events read from moto (moto itself ignores `filter` and returns
 * `@timestamp` in the wrong format).
 *
 * Supported (commands separated by `|`, `#` comments):
 *   fields a, b, c as alias        display a, b
 *   filter <expr>                  sort f [asc|desc], g [asc|desc]      limit N
 * where <expr> combines with `and`, `or`, `not` and parentheses:
 *   f like /regex/   f like "text"   f not like ...   f =~ /regex/
 *   f = v   f != v   f < v   f <= v   f > v   f >= v      (v a string or number)
 *   f in ["a", "b"]   f not in [...]   ispresent(f)   isempty(f)
 * `/(?i)regex/` is case-insensitive, as in AWS. JSON messages have their fields
 * discovered with dotted names (`user.username`, `responseStatus.code`), like AWS;
 * so do VPC flow log records in the default (version 2) format (`srcAddr`,
 * `dstPort`, `action`...).
 * Anything else (stats, parse, dedup, functions) is rejected with
 * MalformedQueryException, so a test never passes on a silently ignored command.
 */
import { AwsError } from './wire';

export interface LogEvent {
  logGroup: string;
  logStream: string;
  timestamp: number;
  ingestionTime: number;
  message: string;
  eventId: string;
}

export type LogRecord = Map<string, unknown>;

// ---------------------------------------------------------------- tokens

type Token =
  | { kind: 'ident'; value: string }
  | { kind: 'string'; value: string }
  | { kind: 'regex'; value: RegExp }
  | { kind: 'number'; value: number }
  | { kind: 'op'; value: string };

function malformed(detail: string): AwsError {
  return new AwsError('MalformedQueryException', `Invalid query: ${detail}`);
}

function toRegExp(source: string, flags: string): RegExp {
  // AWS writes case-insensitivity inline: /(?i)forbidden/
  let pattern = source;
  let jsFlags = flags.includes('i') ? 'i' : '';
  if (pattern.startsWith('(?i)')) {
    pattern = pattern.slice(4);
    jsFlags = 'i';
  }
  try {
    return new RegExp(pattern, jsFlags);
  } catch (error) {
    throw malformed(`bad regular expression /${source}/: ${(error as Error).message}`);
  }
}

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const c = query[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '#') {
      while (i < query.length && query[i] !== '\n') i++;
    } else if (c === '"' || c === "'" || c === '`') {
      let value = '';
      i++;
      while (i < query.length && query[i] !== c) {
        if (query[i] === '\\' && i + 1 < query.length) i++;
        value += query[i++];
      }
      if (i >= query.length) throw malformed(`unterminated ${c === '`' ? 'field name' : 'string'}`);
      i++;
      tokens.push(c === '`' ? { kind: 'ident', value } : { kind: 'string', value });
    } else if (c === '/') {
      // Every `/` outside a string starts a regex: the supported subset has no division.
      let source = '';
      i++;
      while (i < query.length && query[i] !== '/') {
        if (query[i] === '\\' && query[i + 1] === '/') {
          source += '/';
          i += 2;
        } else if (query[i] === '\\' && i + 1 < query.length) {
          source += query[i]! + query[i + 1]!;
          i += 2;
        } else {
          source += query[i++];
        }
      }
      if (i >= query.length) throw malformed('unterminated regular expression');
      i++;
      let flags = '';
      while (i < query.length && /[a-z]/.test(query[i]!)) flags += query[i++];
      tokens.push({ kind: 'regex', value: toRegExp(source, flags) });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(query[i + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?/.exec(query.slice(i))!;
      tokens.push({ kind: 'number', value: Number(match[0]) });
      i += match[0].length;
    } else if (/[@A-Za-z_]/.test(c)) {
      const match = /^[@A-Za-z_][\w.@$]*/.exec(query.slice(i))!;
      tokens.push({ kind: 'ident', value: match[0] });
      i += match[0].length;
    } else {
      // Anything else (`*`, `+`, `:`...) becomes an operator token the parser rejects in context,
      // so `stats count(*)` is reported as an unsupported command, not a stray character.
      const op = ['=~', '!=', '<=', '>=', '=', '<', '>', '|', '(', ')', '[', ']', ','].find((o) => query.startsWith(o, i)) ?? c;
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return tokens;
}

// ---------------------------------------------------------------- parse

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'like'; field: string; pattern: RegExp | string }
  | { kind: 'compare'; field: string; op: string; value: string | number }
  | { kind: 'in'; field: string; values: (string | number)[] }
  | { kind: 'ispresent' | 'isempty'; field: string };

export type Command =
  | { kind: 'fields'; fields: { field: string; alias: string }[] }
  | { kind: 'display'; fields: string[] }
  | { kind: 'filter'; expr: Expr }
  | { kind: 'sort'; keys: { field: string; desc: boolean }[] }
  | { kind: 'limit'; count: number };

export const SUPPORTED_COMMANDS = ['fields', 'display', 'filter', 'sort', 'limit'];

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.pos >= this.tokens.length;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(word: string, offset = 0): boolean {
    const token = this.tokens[this.pos + offset];
    return token?.kind === 'ident' && token.value.toLowerCase() === word;
  }

  private isOp(op: string): boolean {
    const token = this.peek();
    return token?.kind === 'op' && token.value === op;
  }

  private expectOp(op: string): void {
    if (!this.isOp(op)) throw malformed(`expected "${op}"${this.where()}`);
    this.pos++;
  }

  private where(): string {
    const token = this.peek();
    return token ? ` near ${JSON.stringify(String(token.value))}` : ' at the end of the query';
  }

  private field(): string {
    const token = this.peek();
    if (token?.kind !== 'ident') throw malformed(`expected a field name${this.where()}`);
    this.pos++;
    return token.value;
  }

  private literal(): string | number {
    const token = this.peek();
    if (token?.kind !== 'string' && token?.kind !== 'number') throw malformed(`expected a string or number${this.where()}`);
    this.pos++;
    return token.value;
  }

  command(): Command {
    const token = this.peek();
    if (token?.kind !== 'ident') throw malformed(`expected a command${this.where()}`);
    const name = token.value.toLowerCase();
    this.pos++;
    switch (name) {
      case 'fields': {
        const fields: { field: string; alias: string }[] = [];
        do {
          const field = this.field();
          if (this.isOp('(')) throw malformed(`function ${field}() in fields is not supported by the AWS test backend`);
          let alias = field;
          if (this.isWord('as')) {
            this.pos++;
            alias = this.field();
          }
          fields.push({ field, alias });
        } while (this.isOp(',') && ++this.pos);
        return { kind: 'fields', fields };
      }
      case 'display': {
        const fields: string[] = [];
        do fields.push(this.field());
        while (this.isOp(',') && ++this.pos);
        return { kind: 'display', fields };
      }
      case 'filter':
        return { kind: 'filter', expr: this.or() };
      case 'sort': {
        const keys: { field: string; desc: boolean }[] = [];
        do {
          const field = this.field();
          let desc = false; // ascending unless `desc` is given
          if (this.isWord('desc') || this.isWord('asc')) desc = (this.tokens[this.pos++] as { value: string }).value.toLowerCase() === 'desc';
          keys.push({ field, desc });
        } while (this.isOp(',') && ++this.pos);
        return { kind: 'sort', keys };
      }
      case 'limit': {
        const count = this.literal();
        if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 10_000) {
          throw malformed('limit must be an integer from 1 to 10000');
        }
        return { kind: 'limit', count };
      }
      default:
        throw malformed(
          `the command "${token.value}" is not supported by the AWS test backend (test/aws-backend/logsInsights.ts supports ${SUPPORTED_COMMANDS.join(', ')})`,
        );
    }
  }

  private or(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      this.pos++;
      left = { kind: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): Expr {
    let left = this.not();
    while (this.isWord('and')) {
      this.pos++;
      left = { kind: 'and', left, right: this.not() };
    }
    return left;
  }

  private not(): Expr {
    if (this.isWord('not') && !this.isWord('like', 1)) {
      this.pos++;
      return { kind: 'not', expr: this.not() };
    }
    return this.primary();
  }

  private primary(): Expr {
    if (this.isOp('(')) {
      this.pos++;
      const expr = this.or();
      this.expectOp(')');
      return expr;
    }
    const field = this.field();
    if (this.isOp('(')) {
      const fn = field.toLowerCase();
      if (fn !== 'ispresent' && fn !== 'isempty') throw malformed(`function ${field}() is not supported by the AWS test backend`);
      this.pos++;
      const argument = this.field();
      this.expectOp(')');
      return { kind: fn, field: argument };
    }
    let negate = false;
    if (this.isWord('not')) {
      this.pos++;
      negate = true;
      if (!this.isWord('like') && !this.isWord('in')) throw malformed(`expected "like" or "in" after "not"${this.where()}`);
    }
    let expr: Expr;
    if (this.isWord('like') || this.isOp('=~')) {
      this.pos++;
      const token = this.peek();
      if (token?.kind !== 'regex' && token?.kind !== 'string') throw malformed(`expected /regex/ or "text" after like${this.where()}`);
      this.pos++;
      expr = { kind: 'like', field, pattern: token.value };
    } else if (this.isWord('in')) {
      this.pos++;
      this.expectOp('[');
      const values: (string | number)[] = [];
      if (!this.isOp(']')) {
        do values.push(this.literal());
        while (this.isOp(',') && ++this.pos);
      }
      this.expectOp(']');
      expr = { kind: 'in', field, values };
    } else {
      const token = this.peek();
      const ops = ['=', '!=', '<', '<=', '>', '>='];
      if (token?.kind !== 'op' || !ops.includes(token.value)) throw malformed(`expected a comparison after ${field}${this.where()}`);
      this.pos++;
      expr = { kind: 'compare', field, op: token.value, value: this.literal() };
    }
    return negate ? { kind: 'not', expr } : expr;
  }
}

/** Parses a query into its commands, or throws MalformedQueryException. */
export function parseQuery(query: string): Command[] {
  const tokens = tokenize(query);
  const commands: Command[] = [];
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    const token = tokens[i];
    if (i < tokens.length && !(token?.kind === 'op' && token.value === '|')) continue;
    const segment = tokens.slice(start, i);
    start = i + 1;
    if (segment.length === 0) throw malformed('empty command');
    const parser = new Parser(segment);
    commands.push(parser.command());
    if (!parser.done()) throw malformed(`unexpected text after the ${commands[commands.length - 1]!.kind} command`);
  }
  if (commands.length === 0) throw malformed('the query is empty');
  return commands;
}

// ---------------------------------------------------------------- evaluate

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: how Logs Insights returns @timestamp. */
export function formatTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

function flatten(value: unknown, prefix: string, into: LogRecord): void {
  if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
  } else if (prefix && !into.has(prefix)) {
    into.set(prefix, value);
  }
}

/** The fields Logs Insights discovers in a VPC flow log record of the default format, in order. */
const FLOW_LOG_FIELDS = ['version', 'accountId', 'interfaceId', 'srcAddr', 'dstAddr', 'srcPort', 'dstPort', 'protocol', 'packets', 'bytes', 'start', 'end', 'action', 'logStatus'];

function flowLogFields(text: string, into: LogRecord): void {
  const values = text.split(' ');
  if (values.length !== FLOW_LOG_FIELDS.length || values[0] !== '2' || !/^(\d{12}|-)$/.test(values[1]!) || !/^(eni-[0-9a-f]+|-)$/.test(values[2]!)) return;
  FLOW_LOG_FIELDS.forEach((field, i) => into.set(field, values[i]));
}

/** The fields a log event has: the `@` system fields plus, for JSON messages and flow log records, the discovered ones. */
export function toRecord(event: LogEvent, accountId: string): LogRecord {
  const record: LogRecord = new Map<string, unknown>([
    ['@timestamp', event.timestamp],
    ['@message', event.message],
    ['@logStream', event.logStream],
    ['@log', `${accountId}:${event.logGroup}`],
    ['@ingestionTime', event.ingestionTime],
  ]);
  const text = event.message.trim();
  if (text.startsWith('{')) {
    try {
      flatten(JSON.parse(text), '', record);
    } catch {
      /* not JSON after all */
    }
  } else {
    flowLogFields(text, record);
  }
  return record;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

function compare(left: unknown, op: string, right: string | number): boolean {
  const l = asNumber(left);
  const r = asNumber(right);
  const numeric = l !== undefined && r !== undefined;
  const order = numeric ? l - r : asText(left).localeCompare(String(right));
  switch (op) {
    case '=':
      return numeric ? l === r : asText(left) === String(right);
    case '!=':
      return numeric ? l !== r : asText(left) !== String(right);
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    default:
      return order >= 0;
  }
}

/** Missing fields never match a positive condition (so `not` of one does). */
export function matches(expr: Expr, record: LogRecord): boolean {
  switch (expr.kind) {
    case 'and':
      return matches(expr.left, record) && matches(expr.right, record);
    case 'or':
      return matches(expr.left, record) || matches(expr.right, record);
    case 'not':
      return !matches(expr.expr, record);
    case 'ispresent':
      return record.get(expr.field) !== undefined && record.get(expr.field) !== null;
    case 'isempty': {
      const value = record.get(expr.field);
      return value === undefined || value === null || value === '';
    }
  }
  const value = record.get(expr.field);
  if (value === undefined || value === null) return false;
  switch (expr.kind) {
    case 'like':
      return typeof expr.pattern === 'string' ? asText(value).includes(expr.pattern) : expr.pattern.test(asText(value));
    case 'compare':
      return compare(value, expr.op, expr.value);
    case 'in':
      return expr.values.some((candidate) => compare(value, '=', candidate));
  }
}

function sortValue(a: unknown, b: unknown): number {
  if (a === undefined) return b === undefined ? 0 : 1;
  if (b === undefined) return -1;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x - y;
  if (x !== undefined) return 1; // AWS: non-number values sort before numbers
  if (y !== undefined) return -1;
  return asText(a) < asText(b) ? -1 : asText(a) > asText(b) ? 1 : 0;
}

export interface Evaluation {
  /** Matching records in output order, with the projected fields (field name → value). */
  rows: { record: LogRecord; fields: { field: string; value: string }[] }[];
  recordsMatched: number;
}

const DEFAULT_FIELDS = ['@timestamp', '@message', '@logStream', '@log'];

/** Runs the commands in order over the records, like AWS's pipeline. */
export function evaluate(commands: Command[], records: LogRecord[], maxRows = 10_000): Evaluation {
  let current = records;
  let projection: { field: string; alias: string }[] | undefined;
  let recordsMatched = records.length;
  for (const command of commands) {
    switch (command.kind) {
      case 'fields':
        projection = [...(projection ?? []).filter((p) => !command.fields.some((f) => f.alias === p.alias)), ...command.fields];
        break;
      case 'display':
        projection = command.fields.map((field) => projection?.find((p) => p.alias === field) ?? { field, alias: field });
        break;
      case 'filter':
        current = current.filter((record) => matches(command.expr, record));
        recordsMatched = current.length;
        break;
      case 'sort':
        current = [...current].sort((a, b) => {
          for (const key of command.keys) {
            const order = sortValue(fieldValue(a, key.field, projection), fieldValue(b, key.field, projection));
            if (order !== 0) return key.desc ? -order : order;
          }
          return 0;
        });
        break;
      case 'limit':
        current = current.slice(0, command.count);
        break;
    }
  }
  const columns = projection ?? DEFAULT_FIELDS.map((field) => ({ field, alias: field }));
  const rows = current.slice(0, maxRows).map((record) => ({
    record,
    fields: columns
      .filter(({ field }) => record.get(field) !== undefined && record.get(field) !== null) // AWS omits absent fields
      .map(({ field, alias }) => ({ field: alias, value: formatValue(field, record.get(field)) })),
  }));
  return { rows, recordsMatched };
}

/** A sort key may name a field directly or through a `fields ... as alias`. */
function fieldValue(record: LogRecord, name: string, projection: { field: string; alias: string }[] | undefined): unknown {
  const aliased = projection?.find((p) => p.alias === name);
  return record.get(aliased ? aliased.field : name);
}

/** A result value as AWS writes it: a string, with the time fields formatted. */
function formatValue(field: string, value: unknown): string {
  if ((field === '@timestamp' || field === '@ingestionTime') && typeof value === 'number') return formatTimestamp(value);
  return asText(value);
}
