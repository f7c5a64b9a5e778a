/**
 * Risk of one simple command, given its words after expansion markers are
 * resolved: assignments and wrappers (`sudo`, `env`, `timeout`...) are skipped to
 * find the program, which is then judged by its own rules — read-only,
 * mutating and destructive coreutils, shells and interpreters, `find -exec`,
 * `xargs`, `watch`, `eval`, curl, sed/awk in place... — with aws (`awsRisk.ts`)
 * and git/kubectl/terraform/docker/helm (`cliRisk.ts`) delegated. Programs it
 * does not know, programs named by a variable and scripts run by path are at
 * least mutating. Also judges a command's redirections (writing a file).
 *
 * Text that runs as a script of its own (`bash -c`, `eval`, trap actions...) is
 * read through the context's `classifyScript`, so this module does not depend on
 * the script walker.
 *
 * Pure: no `vscode`, no I/O.
 */
import { classifyAws } from './awsRisk';
import { classifyDocker, classifyGit, classifyHelm, classifyKubectl, classifyTerraform } from './cliRisk';
import { abbreviate, destructive, MAX_DEPTH, mutating, read, skipOptions, type Finding } from './riskFindings';

/** Where a command stands in the cell. */
export interface CommandContext {
  depth: number;
  piped: boolean;
  heredocs: string[];
  /** Shell functions the cell defines. */
  functions: ReadonlySet<string>;
  /** Reads nested shell text (`bash -c`, `eval`, trap actions, `watch`...) as a script at `depth`. */
  classifyScript: (text: string, depth: number, functions: ReadonlySet<string>) => Finding[];
}

// --- Redirections ---------------------------------------------------------------

const WRITE_OPS = new Set(['>', '>>', '>|', '&>', '&>>', '<>']);
const HARMLESS_TARGETS = /^\/dev\/(?:null|stdout|stderr|tty|fd\/\d+)$/;

/** Redirections that write a file (other than /dev/null and the like) make a command mutating. */
export function classifyRedirects(redirects: ReadonlyArray<{ op: string; target: string | undefined }>): Finding[] {
  const findings: Finding[] = [];
  for (const { op, target } of redirects) {
    if (target === undefined || HARMLESS_TARGETS.test(target)) continue;
    if (WRITE_OPS.has(op) || (op === '>&' && !/^(?:\d+-?|-)$/.test(target))) {
      findings.push({ risk: 'mutating', reason: `writes a file (${op} ${abbreviate(target, 40)})` });
    }
  }
  return findings;
}

// --- One simple command -------------------------------------------------------

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=/;
const SYSTEM_PATH = /^(?:\/usr(?:\/local)?|\/opt\/homebrew)?\/s?bin\/([^/]+)$/;

interface WrapperSpec {
  valueOptions: ReadonlySet<string>;
  /** Positional arguments before the command (timeout's duration). */
  positional?: number;
}

const WRAPPERS: Readonly<Record<string, WrapperSpec>> = {
  sudo: { valueOptions: new Set(['-u', '-g', '-h', '-p', '-C', '-D', '-r', '-t', '-U', '-T', '--user', '--group', '--host', '--prompt', '--chdir', '--role', '--type', '--other-user', '--close-from', '--command-timeout']) },
  doas: { valueOptions: new Set(['-u', '-C']) },
  env: { valueOptions: new Set(['-u', '--unset', '-C', '--chdir', '-S', '--split-string']) },
  time: { valueOptions: new Set(['-f', '--format', '-o', '--output']) },
  nohup: { valueOptions: new Set() },
  exec: { valueOptions: new Set(['-a']) },
  command: { valueOptions: new Set() },
  builtin: { valueOptions: new Set() },
  nice: { valueOptions: new Set(['-n', '--adjustment']) },
  timeout: { valueOptions: new Set(['-s', '--signal', '-k', '--kill-after']), positional: 1 },
  stdbuf: { valueOptions: new Set(['-i', '-o', '-e']) },
  ionice: { valueOptions: new Set(['-c', '-n', '-p', '--class', '--classdata']) },
};

/** Programs that only read, whatever their arguments (special cases are handled below). */
const READ_TOOLS = new Set(
  (
    'echo printf cat less more head tail grep egrep fgrep zgrep rg ag ack jq gojq jless bat column sleep true false test [ [[ ]] ' +
    'pwd ls dir tree stat file which whereis type printenv whoami id groups uname dig nslookup host whois ping traceroute ' +
    'base64 base32 sha1sum sha224sum sha256sum sha384sum sha512sum md5sum b2sum cksum diff cmp basename dirname realpath readlink ' +
    'seq nl tac rev paste join comm fold fmt expand unexpand od xxd hexdump strings du df free uptime ps pgrep getent ' +
    'zcat bzcat xzcat yes expr bc numfmt iconv envsubst tput clear locale nproc arch lsblk lscpu netstat ss last who w ' +
    'uniq cut tr wc'
  ).split(' '),
);

/** Builtins that only change the shell's own state. */
const SHELL_STATE = new Set(
  'cd pushd popd dirs set shopt unset export local declare typeset readonly read mapfile readarray shift return exit wait let getopts umask ulimit jobs break continue hash history : disown'.split(' '),
);

const MUTATING_TOOLS: Readonly<Record<string, string>> = {
  mv: 'moves files',
  cp: 'copies files',
  mkdir: 'creates directories',
  touch: 'creates or changes files',
  chmod: 'changes file permissions',
  chown: 'changes file ownership',
  chgrp: 'changes file ownership',
  ln: 'creates links',
  install: 'installs files',
  rmdir: 'removes directories',
  unlink: 'deletes a file',
  mktemp: 'creates a file',
  kill: 'signals processes',
  pkill: 'signals processes',
  killall: 'signals processes',
  gzip: 'changes files',
  gunzip: 'changes files',
  bzip2: 'changes files',
  xz: 'changes files',
  zip: 'writes an archive',
  patch: 'changes files',
  split: 'writes files',
  csplit: 'writes files',
};

const DESTRUCTIVE_TOOLS: Readonly<Record<string, string>> = {
  shred: 'overwrites files irrecoverably',
  dd: 'writes raw data to files or devices',
  mkfs: 'formats a file system',
  truncate: 'cuts files',
  wipefs: 'erases file system signatures',
  srm: 'deletes files irrecoverably',
  fdisk: 'changes partitions',
  sfdisk: 'changes partitions',
  parted: 'changes partitions',
};

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'fish']);
const INTERPRETERS = new Set(['python', 'python2', 'python3', 'node', 'nodejs', 'deno', 'bun', 'ruby', 'perl', 'php', 'pwsh', 'powershell', 'lua', 'Rscript', 'osascript']);
/** Tools where `--force` is a routine flag, not a sign of destruction. */
const FORCE_ROUTINE = new Set(['rm', 'cp', 'mv', 'ln', 'install', 'mkdir', 'touch', 'chmod', 'chown', 'chgrp', 'tee', 'unlink', 'rmdir', 'gzip', 'gunzip', 'bzip2', 'xz', 'zip', 'unzip', 'tar']);
const SUBCOMMAND_TOOLS = new Set(['git', 'kubectl', 'docker', 'helm', 'terraform', 'tofu', 'eksctl']);

type Handler = (name: string, args: string[], ctx: CommandContext) => Finding[];

export function classifyWords(allWords: string[], ctx: CommandContext): Finding[] {
  if (ctx.depth > MAX_DEPTH) return mutating('commands nested too deeply to read');
  let i = 0;
  // Skip assignments and wrappers (`sudo`, `env`, `time`, `nohup`, `exec`...) to find the real command.
  for (;;) {
    while (i < allWords.length && ASSIGNMENT.test(allWords[i]!)) i += 1;
    if (i >= allWords.length) return read('only sets variables');
    const word = allWords[i]!;
    const spec = WRAPPERS[word];
    if (!spec) break;
    if (word === 'command' && (allWords[i + 1] === '-v' || allWords[i + 1] === '-V')) return read('command -v is read-only');
    const next = skipOptions(allWords, i + 1, spec.valueOptions);
    const afterPositional = Math.min(next + (spec.positional ?? 0), allWords.length);
    if (afterPositional >= allWords.length || (word === 'env' && allWords.slice(afterPositional).every((w) => ASSIGNMENT.test(w)))) {
      return read(word === 'env' ? 'env only prints the environment' : `${word} is read-only`);
    }
    i = afterPositional;
  }
  const word = allWords[i]!;
  const args = allWords.slice(i + 1);
  const brace = /^\{([^{}]*,[^{}]*)\}$/.exec(word);
  if (brace) return classifyWords([...brace[1]!.split(','), ...args], { ...ctx, depth: ctx.depth + 1 }); // `{rm,-rf,dir}` is `rm -rf dir`
  if (word === 'coproc') {
    // `coproc cmd args` or `coproc NAME { cmd; }`
    const body = args[1] === '{' ? args.slice(2) : args;
    return body.length > 0 ? classifyWords(body, { ...ctx, depth: ctx.depth + 1 }) : read('coproc is read-only');
  }
  let name = word;
  let findings: Finding[];
  const system = SYSTEM_PATH.exec(word);
  if (word.includes('$') || word.includes('`')) {
    const what = word.startsWith('$(') || word.startsWith('`') ? 'a command substitution' : 'a variable';
    findings = mutating(`runs a command named by ${what} (${abbreviate(word, 40)}), which cannot be read`);
  } else if (!system && word.includes('/')) {
    findings = mutating(`${ctx.piped ? 'pipes into' : 'runs'} a script or program by path (${abbreviate(word, 40)})`);
  } else {
    if (system) name = system[1]!;
    if (name.startsWith('mkfs.')) name = 'mkfs';
    findings = classifyProgram(name, args, ctx);
  }
  // `--force` on anything that already changes something makes it destructive
  // (aws handles it itself; for file tools it is routine).
  if (args.includes('--force') && name !== 'aws' && !FORCE_ROUTINE.has(name) && findings.some((f) => f.risk === 'mutating') && !findings.some((f) => f.risk === 'destructive')) {
    const sub = SUBCOMMAND_TOOLS.has(name) ? args.find((a) => !a.startsWith('-')) : undefined;
    findings.push({ risk: 'destructive', reason: `${abbreviate(sub ? `${name} ${sub}` : name, 60)} uses --force` });
  }
  return findings;
}

function classifyProgram(name: string, args: string[], ctx: CommandContext): Finding[] {
  if (ctx.functions.has(name)) return mutating(`calls ${name}, a shell function defined in the cell`);
  const handler = HANDLERS[name];
  if (handler) return handler(name, args, ctx);
  if (READ_TOOLS.has(name)) return read(`${name} is read-only`);
  if (SHELL_STATE.has(name)) return read(`${name} only changes shell state`);
  const mutatingWhat = MUTATING_TOOLS[name];
  if (mutatingWhat) return mutating(`${name} ${mutatingWhat}`);
  const destructiveWhat = DESTRUCTIVE_TOOLS[name];
  if (destructiveWhat) return destructive(`${name} ${destructiveWhat}`);
  if (SHELLS.has(name)) return classifyShellInvocation(name, args, ctx);
  if (INTERPRETERS.has(name)) return classifyInterpreter(name, args, ctx);
  return mutating(ctx.piped ? `pipes into an unknown program (${abbreviate(name, 40)})` : `runs an unknown program (${abbreviate(name, 40)})`);
}

function inner(text: string, ctx: CommandContext): Finding[] {
  return ctx.classifyScript(text, ctx.depth + 1, ctx.functions);
}

function classifyShellInvocation(name: string, args: string[], ctx: CommandContext): Finding[] {
  let commandString = false;
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === '--') {
      i += 1;
      break;
    }
    if (!/^[-+]/.test(a) || a === '-' || a === '+') break;
    if (a === '-o' || a === '+o' || a === '-O' || a === '+O' || a === '--rcfile' || a === '--init-file') i += 2;
    else {
      if (/^-[A-Za-z]*c/.test(a)) commandString = true;
      i += 1;
    }
  }
  const rest = args.slice(i);
  if (commandString) {
    const text = rest[0] ?? '';
    return [{ risk: 'mutating', reason: `${name} -c runs a string as a command` }, ...inner(text, ctx)];
  }
  if (rest.length > 0 && rest[0] !== '-') return mutating(`runs a script (${name} ${abbreviate(rest[0]!, 40)})`);
  const findings = mutating(ctx.piped ? `pipes into a shell (${name}), which runs its input` : `${name} runs commands from its standard input`);
  for (const body of ctx.heredocs) findings.push(...inner(body, ctx).map((f) => ({ risk: f.risk, reason: `in a heredoc: ${f.reason}` })));
  return findings;
}

function classifyInterpreter(name: string, args: string[], ctx: CommandContext): Finding[] {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-m' && (name === 'python' || name === 'python3')) {
      const module = args[i + 1];
      if (module === 'json.tool') return read(`${name} -m json.tool only formats JSON`);
      return mutating(`runs a ${name} module (${abbreviate(module ?? '', 40)})`);
    }
    if (a === '-c' || a === '-e' || a === '-p' || a === '--eval' || a === '--print' || a === '-Command' || a === '-r') return mutating(`runs ${name} code (${a})`);
    if (!a.startsWith('-')) return mutating(`runs a ${name} script (${abbreviate(a, 40)})`);
  }
  return mutating(ctx.piped ? `pipes into ${name}, which runs its input` : `${name} runs code from its standard input`);
}

// --- Program handlers ---------------------------------------------------------

const HANDLERS: Readonly<Record<string, Handler>> = {
  aws: (_name, args) => classifyAws(args),
  git: (_name, args) => classifyGit(args),
  kubectl: (_name, args) => classifyKubectl(args),
  terraform: (name, args) => classifyTerraform(name, args),
  tofu: (name, args) => classifyTerraform(name, args),
  docker: (_name, args) => classifyDocker(args),
  podman: (_name, args) => classifyDocker(args),
  helm: (_name, args) => classifyHelm(args),
  trivy: () => read('trivy only scans'),
  curl: (_name, args) => classifyCurl(args),
  wget: (_name, args) =>
    args.some((a) => /^--(?:post-data|post-file|body-data|body-file)(?:=|$)/.test(a)) || args.some((a) => /^--method=(?!GET$|HEAD$|OPTIONS$)/i.test(a))
      ? mutating('wget sends data')
      : read('wget only downloads'),
  sed: (_name, args) => (args.some((a) => /^-[^-]*i/.test(a) || a === '--in-place' || a.startsWith('--in-place=')) ? mutating('sed -i edits files in place') : read('sed is read-only')),
  yq: (_name, args) => (args.some((a) => a === '-i' || a === '--inplace' || a.startsWith('--inplace=')) ? mutating('yq -i edits files in place') : read('yq is read-only')),
  awk: (name, args) => classifyAwk(name, args),
  gawk: (name, args) => classifyAwk(name, args),
  mawk: (name, args) => classifyAwk(name, args),
  sort: (_name, args) => (args.some((a) => a === '-o' || /^-[^-]*o/.test(a) || a.startsWith('--output')) ? mutating('sort -o writes a file') : read('sort is read-only')),
  tee: (_name, args) => {
    const files = args.filter((a) => !a.startsWith('-') && !HARMLESS_TARGETS.test(a));
    return files.length > 0 ? mutating(`tee writes a file (${abbreviate(files[0]!, 40)})`) : read('tee only passes its input on');
  },
  date: (_name, args) => (args.some((a) => a === '-s' || a.startsWith('--set')) ? mutating('date -s sets the system clock') : read('date is read-only')),
  hostname: (_name, args) => (args.some((a) => !a.startsWith('-') || a === '-F' || a.startsWith('--file')) ? mutating('hostname NAME sets the host name') : read('hostname is read-only')),
  rm: (_name, args) => {
    const options = args.slice(0, Math.max(0, args.indexOf('--')) || args.length).filter((a) => a.startsWith('-'));
    const recursive = options.some((a) => a === '--recursive' || (!a.startsWith('--') && /[rR]/.test(a)));
    return recursive ? destructive('rm -r deletes recursively') : mutating('rm deletes files');
  },
  rsync: (_name, args) => (args.some((a) => a.startsWith('--delete') || a.startsWith('--remove-source-files')) ? destructive('rsync --delete deletes files') : mutating('rsync copies files')),
  tar: (_name, args) => {
    const first = args[0] ?? '';
    const listing = args.includes('--list') || /^-?[A-Za-z]*t/.test(first) || args.some((a) => /^-[A-Za-z]*t[A-Za-z]*$/.test(a));
    return listing ? read('tar -t only lists an archive') : mutating('tar writes files');
  },
  unzip: (_name, args) => (args.some((a) => a === '-l' || a === '-Z' || a === '-t') ? read('unzip -l only lists an archive') : mutating('unzip writes files')),
  crontab: (_name, args) => (args.includes('-r') ? destructive('crontab -r deletes the crontab') : args.includes('-l') ? read('crontab -l is read-only') : mutating('crontab changes scheduled jobs')),
  find: (_name, args, ctx) => classifyFind(args, ctx),
  xargs: (_name, args, ctx) => classifyXargs(args, ctx),
  watch: (_name, args, ctx) => classifyWatch(args, ctx),
  eval: (_name, args, ctx) => [{ risk: 'mutating', reason: 'eval runs a string as a command' }, ...inner(args.join(' '), ctx)],
  source: (name, args) => mutating(`${name} runs another script (${abbreviate(args[0] ?? '', 40)})`),
  '.': (name, args) => mutating(`${name} runs another script (${abbreviate(args[0] ?? '', 40)})`),
  trap: (_name, args, ctx) => {
    const action = args[0];
    if (action === undefined || action.startsWith('-') || action === '') return read('trap is read-only');
    return [{ risk: 'read', reason: 'trap sets a handler' }, ...inner(action, ctx).map((f) => ({ risk: f.risk, reason: `in trap: ${f.reason}` }))];
  },
  alias: (_name, args) => (args.some((a) => a.includes('=')) ? mutating('alias defines a command') : read('alias is read-only')),
};

// curl, awk, find, xargs, watch ---------------------------------------------------

const CURL_SHORT_WITH_VALUE = new Set([...'XdFTHoeEKmrtuUxwAbcCDYyzPQ']);

function classifyCurl(args: string[]): Finding[] {
  let method: string | undefined;
  let sendsData: string | undefined;
  let upload = false;
  let get = false;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a.startsWith('--')) {
      const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
      const value = () => inline ?? args[++k];
      if (flag === '--request') method = value();
      else if (/^--(?:data|data-raw|data-binary|data-urlencode|data-ascii|json|form|form-string)$/.test(flag)) {
        sendsData = flag;
        value();
      } else if (flag === '--upload-file') {
        upload = true;
        value();
      } else if (flag === '--get') get = true;
      continue;
    }
    if (!a.startsWith('-') || a === '-') continue;
    for (let c = 1; c < a.length; c++) {
      const ch = a[c]!;
      if (ch === 'G') get = true;
      if (!CURL_SHORT_WITH_VALUE.has(ch)) continue;
      const value = c + 1 < a.length ? a.slice(c + 1) : args[++k];
      if (ch === 'X') method = value;
      else if (ch === 'd' || ch === 'F') sendsData = `-${ch}`;
      else if (ch === 'T') upload = true;
      break;
    }
  }
  if (method !== undefined && !/^(?:GET|HEAD|OPTIONS)$/i.test(method)) return mutating(`curl -X ${abbreviate(method, 20)} sends a request that can change things`);
  if (upload) return mutating('curl -T uploads a file');
  if (sendsData !== undefined && !get) return mutating(`curl ${sendsData} sends data`);
  return read('curl only fetches');
}

function classifyAwk(name: string, args: string[]): Finding[] {
  if (args.some((a) => a === 'inplace') && args.includes('-i')) return mutating(`${name} -i inplace edits files`);
  if (args.some((a) => /\bsystem\s*\(/.test(a))) return mutating(`${name} program calls system()`);
  return read(`${name} is read-only`);
}

function classifyFind(args: string[], ctx: CommandContext): Finding[] {
  const findings: Finding[] = [];
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    if (a === '-delete') findings.push({ risk: 'destructive', reason: 'find -delete deletes every match' });
    else if (a === '-fprint' || a === '-fprint0' || a === '-fprintf' || a === '-fls') findings.push({ risk: 'mutating', reason: `find ${a} writes a file` });
    else if (a === '-exec' || a === '-execdir' || a === '-ok' || a === '-okdir') {
      let end = k + 1;
      while (end < args.length && args[end] !== ';' && args[end] !== '+') end += 1;
      const command = args.slice(k + 1, end);
      k = end;
      if (command.length === 0) continue;
      const program = command[0]!.split('/').pop();
      if (program === 'rm' || program === 'shred' || program === 'unlink') findings.push({ risk: 'destructive', reason: `find ${a} ${program} deletes every match` });
      else findings.push(...classifyWords(command, { ...ctx, depth: ctx.depth + 1, piped: false }).map((f) => ({ risk: f.risk, reason: `in find ${a}: ${f.reason}` })));
    }
  }
  return findings.length > 0 ? findings : read('find is read-only');
}

const XARGS_VALUE_OPTIONS = new Set(['-I', '-n', '-L', '-l', '-P', '-s', '-d', '-E', '-e', '-a', '--arg-file', '--delimiter', '--max-args', '--max-lines', '--max-procs', '--max-chars', '--eof', '--replace']);

function classifyXargs(args: string[], ctx: CommandContext): Finding[] {
  const i = skipOptions(args, 0, XARGS_VALUE_OPTIONS);
  const command = args.slice(i);
  const program = command[0] ?? 'echo';
  const findings = mutating(`${ctx.piped ? 'pipes into xargs' : 'xargs'}, which runs ${abbreviate(program, 30)} for each input`);
  if (command.length > 0) findings.push(...classifyWords(command, { ...ctx, depth: ctx.depth + 1, piped: false }));
  return findings;
}

function classifyWatch(args: string[], ctx: CommandContext): Finding[] {
  let i = 0;
  let exec = false;
  while (i < args.length && args[i]!.startsWith('-')) {
    const a = args[i]!;
    if (a === '-x' || a === '--exec') exec = true;
    i += a === '-n' || a === '--interval' || a === '-q' || a === '--equexit' ? 2 : 1;
  }
  const command = args.slice(i);
  if (command.length === 0) return read('watch is read-only');
  const findings = exec ? classifyWords(command, { ...ctx, depth: ctx.depth + 1, piped: false }) : inner(command.join(' '), ctx);
  return findings.map((f) => ({ risk: f.risk, reason: `in watch: ${f.reason}` }));
}
