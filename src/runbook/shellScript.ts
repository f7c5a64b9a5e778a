/**
 * Reading a shell script: scan it (`shellScan.ts`), tokenize it with shell-quote,
 * split the tokens into simple commands with their redirections, and walk them
 * with the shell's grammar in mind (`case` patterns, `for` lists, function
 * definitions, `[[ ... ]]` tests, leading reserved words), handing each command to
 * `commandRisk.ts`. Command substitutions are classified as scripts of their own.
 *
 * Pure: no `vscode`, no I/O.
 */
import { parse } from 'shell-quote';
import { classifyRedirects, classifyWords } from './commandRisk';
import { MAX_DEPTH, type Finding } from './riskFindings';
import { scanShell, type Scanned } from './shellScan';

/** Findings for the shell text `text` at nesting `depth`, knowing the shell functions defined around it. */
export function classifyScript(text: string, depth: number, functions: ReadonlySet<string> = new Set()): Finding[] {
  if (depth > MAX_DEPTH) return [{ risk: 'mutating', reason: 'commands nested too deeply to read' }];
  return classifyScanned(scanShell(text, depth), depth, functions);
}

// --- Tokens and simple commands ---------------------------------------------

type Token = string | { op: string };

interface SimpleCommand {
  words: string[];
  redirects: Array<{ op: string; target: string | undefined }>;
  /** Its standard input is the previous command's output. */
  piped: boolean;
  terminator: string;
  /** Set when this is `name() ...`: the definition of a function. */
  functionName?: string;
}

const REDIRECT_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '>&', '<', '<<', '<<-', '<<<', '<&', '<>']);
const TEST_OPS = new Set(['&&', '||', '<', '>', '(', ')']);
const CASE_ENDS = new Set([';;', ';&', ';;&']);
/** Reserved words that may start a simple command and are not the command. */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '{', '}', '!']);

function tokenize(scanned: Scanned): Token[] {
  const env = (key: string): string => {
    const marker = /^__rb(\d+)$/.exec(key);
    if (marker) return scanned.values[Number(marker[1])] ?? '';
    return '$' + key;
  };
  const tokens: Token[] = [];
  for (const entry of parse(scanned.text, env)) {
    if (typeof entry === 'string') tokens.push(entry);
    else if ('comment' in entry) continue;
    else if (entry.op === 'glob') tokens.push((entry as { pattern: string }).pattern);
    else tokens.push({ op: entry.op });
  }
  return tokens;
}

function splitCommands(tokens: Token[]): SimpleCommand[] {
  const commands: SimpleCommand[] = [];
  const fresh = (piped: boolean): SimpleCommand => ({ words: [], redirects: [], piped, terminator: '' });
  let current = fresh(false);
  let inTest = false;
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k]!;
    if (typeof token === 'string') {
      if (inTest) {
        current.words.push(token);
        if (token === ']]') inTest = false;
        continue;
      }
      if (token === '[[' && current.words.every((w) => LEADING_KEYWORDS.has(w))) inTest = true;
      current.words.push(token);
      continue;
    }
    const op = token.op;
    if (inTest) {
      if (TEST_OPS.has(op)) continue; // `&&`, `<`... inside [[ ]] are part of the test
      inTest = false;
    }
    if (REDIRECT_OPS.has(op)) {
      const next = tokens[k + 1];
      let target: string | undefined;
      if (typeof next === 'string') {
        target = next;
        k += 1;
      }
      current.redirects.push({ op, target });
      continue;
    }
    const next = tokens[k + 1];
    const words = current.words;
    if (op === '(' && typeof next === 'object' && next.op === ')' && (words.length === 1 || (words.length === 2 && words[0] === 'function'))) {
      current.functionName = words[words.length - 1]!;
      current.words = [];
      current.terminator = '()';
      commands.push(current);
      current = fresh(false);
      k += 1;
      continue;
    }
    current.terminator = op;
    commands.push(current);
    current = fresh(op === '|' || op === '|&');
  }
  commands.push(current);
  return commands;
}

function classifyScanned(scanned: Scanned, depth: number, outerFunctions: ReadonlySet<string>): Finding[] {
  const findings: Finding[] = [...scanned.problems];
  let tokens: Token[];
  try {
    tokens = tokenize(scanned);
  } catch {
    findings.push({ risk: 'mutating', reason: 'the shell text could not be parsed' });
    tokens = [];
  }
  const commands = splitCommands(tokens);
  const functions = new Set(outerFunctions);
  for (const command of commands) {
    if (command.functionName !== undefined) functions.add(command.functionName);
    const w = command.words;
    const f = w.findIndex((x) => !LEADING_KEYWORDS.has(x));
    if (f >= 0 && w[f] === 'function' && w[f + 1] !== undefined) functions.add(w[f + 1]!);
  }
  let caseDepth = 0;
  let expectPattern = false;
  for (const command of commands) {
    findings.push(...classifyRedirects(command.redirects));
    if (command.functionName !== undefined) {
      findings.push({ risk: 'mutating', reason: `defines a shell function (${command.functionName})` });
      continue;
    }
    let words = command.words;
    let k = 0;
    while (k < words.length && LEADING_KEYWORDS.has(words[k]!)) k += 1;
    words = words.slice(k);
    const first = words[0];
    const endsCaseClause = caseDepth > 0 && CASE_ENDS.has(command.terminator);
    if (caseDepth > 0 && expectPattern && first !== 'esac') {
      // `pattern)` or `a|b)`: a case pattern is single words joined by `|`, never a command.
      if (words.length === 0 && (command.terminator === '(' || command.terminator === ';')) continue;
      if (words.length === 1 && (command.terminator === ')' || command.terminator === '|')) {
        if (command.terminator === ')') expectPattern = false;
        continue;
      }
      expectPattern = false;
    }
    if (first === 'case') {
      caseDepth += 1;
      expectPattern = command.terminator !== ')';
      continue;
    }
    if (first === 'esac') {
      caseDepth = Math.max(0, caseDepth - 1);
      expectPattern = false;
      continue;
    }
    if (endsCaseClause) expectPattern = true;
    if (first === 'for' || first === 'select') {
      // `for x in words`: nothing runs but substitutions. `for x do cmd` and `for ((...)) do cmd` need no `;` before `do`.
      if (words[2] !== 'do') continue;
      words = words.slice(3);
    }
    if (first === 'function') {
      if (words[1] !== undefined) findings.push({ risk: 'mutating', reason: `defines a shell function (${words[1]})` });
      words = words.slice(2);
      if (words[0] === '{') words = words.slice(1);
    }
    if (words.length === 0) continue;
    findings.push(...classifyWords(words, { depth, piped: command.piped, heredocs: scanned.heredocs, functions, classifyScript }));
  }
  for (const nested of scanned.nested) {
    for (const finding of classifyScanned(nested.script, depth + 1, functions)) {
      findings.push({ risk: finding.risk, reason: `in ${nested.label}: ${finding.reason}` });
    }
  }
  return findings;
}
