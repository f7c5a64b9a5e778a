/**
 * Risk of an AWS CLI command: `aws [globals] SERVICE OPERATION ...` is judged by
 * the operation's verb (`describe-*` reads, `put-*` changes, `delete-*` deletes),
 * with the high-level `aws s3` commands, `aws configure` and a few read-only
 * operations with changing-looking verbs handled by name. `--force` makes any
 * AWS command destructive.
 *
 * Pure: no `vscode`, no I/O.
 */
import { abbreviate, mutating, read, type Finding } from './riskFindings';

const AWS_GLOBAL_VALUE_OPTIONS = new Set(['--region', '--profile', '--output', '--endpoint-url', '--query', '--color', '--cli-read-timeout', '--cli-connect-timeout', '--ca-bundle', '--cli-binary-format']);

const AWS_READ_VERBS = new Set([
  'describe', 'get', 'list', 'lookup', 'search', 'filter', 'head', 'scan', 'query', 'select', 'validate', 'test', 'simulate', 'estimate', 'check', 'preview', 'download', 'wait', 'help',
  // Not in the list, but they change nothing: `logs tail`, `sts assume-role`, `sts decode-authorization-message`, `kms verify`, `iam generate-credential-report`.
  'tail', 'assume', 'decode', 'verify', 'generate',
]);
const AWS_MUTATING_VERBS = new Set([
  'create', 'put', 'update', 'modify', 'enable', 'disable', 'attach', 'detach', 'associate', 'disassociate', 'tag', 'untag', 'start', 'stop', 'rotate', 'revoke', 'authorize',
  'register', 'import', 'apply', 'set', 'reset', 'reboot', 'run', 'send', 'publish', 'restore', 'copy', 'replace', 'accept', 'reject', 'cancel', 'allocate', 'assign', 'request',
  'upload', 'invoke', 'add', 'change', 'configure', 'subscribe',
]);
const AWS_DESTRUCTIVE_VERBS = new Set(['delete', 'terminate', 'remove', 'deregister', 'purge', 'deactivate', 'destroy', 'rb']);
/** Operations whose verb suggests a change but which only read (running a Logs Insights query, as the native cell does). */
const AWS_READ_OPERATIONS = new Set(['logs start-query', 'logs stop-query', 'logs start-live-tail', 'cloudtrail start-query']);

export function classifyAws(args: string[]): Finding[] {
  const force = args.some((a) => a === '--force' || a === '--force=true');
  let i = skipAwsGlobals(args, 0);
  const service = args[i];
  if (service === undefined) return read('aws without a command only prints help or its version');
  if (service.includes('$')) return mutating(`aws ${abbreviate(service, 30)}: the service is a variable, which cannot be read`);
  i = skipAwsGlobals(args, i + 1);
  const operation = args[i];
  const rest = args.slice(i + 1);
  const label = operation === undefined ? `aws ${service}` : `aws ${service} ${operation}`;
  let finding: Finding;
  if (service === 'help' || operation === undefined || operation === 'help') finding = { risk: 'read', reason: `${label} only prints help` };
  else if (operation.includes('$')) finding = { risk: 'mutating', reason: `${label}: the operation is a variable, which cannot be read` };
  else if (service === 's3') finding = classifyAwsS3(label, operation, rest);
  else if (service === 'configure') {
    finding = ['get', 'list', 'list-profiles', 'export-credentials'].includes(operation)
      ? { risk: 'read', reason: `${label} reads the CLI configuration` }
      : { risk: 'mutating', reason: `${label} changes the CLI configuration` };
  } else if (AWS_READ_OPERATIONS.has(`${service} ${operation}`)) finding = { risk: 'read', reason: `${label} reads` };
  else finding = classifyAwsVerb(label, operation.toLowerCase());
  if (force) return [{ risk: 'destructive', reason: finding.risk === 'destructive' ? finding.reason.replace(label, `${label} --force`) : `${label} uses --force` }];
  return [finding];
}

function skipAwsGlobals(args: string[], start: number): number {
  let i = start;
  while (i < args.length && args[i]!.startsWith('--')) i += AWS_GLOBAL_VALUE_OPTIONS.has(args[i]!) ? 2 : 1;
  return Math.min(i, args.length);
}

function classifyAwsVerb(label: string, operation: string): Finding {
  const parts = operation.split('-');
  let verb = parts[0]!;
  if (verb === 'batch' && parts.length > 1) verb = parts[1]!;
  if (AWS_DESTRUCTIVE_VERBS.has(verb)) return { risk: 'destructive', reason: `${label} deletes` };
  if (AWS_READ_VERBS.has(verb)) return { risk: 'read', reason: `${label} reads` };
  if (AWS_MUTATING_VERBS.has(verb)) return { risk: 'mutating', reason: `${label} changes resources` };
  return { risk: 'mutating', reason: `${label} is not a known read-only operation` };
}

function classifyAwsS3(label: string, operation: string, rest: string[]): Finding {
  switch (operation) {
    case 'ls':
    case 'presign':
      return { risk: 'read', reason: `${label} reads` };
    case 'rm':
    case 'rb':
      return { risk: 'destructive', reason: `${label} deletes` };
    case 'sync':
      return rest.includes('--delete') ? { risk: 'destructive', reason: `${label} --delete deletes` } : { risk: 'mutating', reason: `${label} writes objects or files` };
    case 'cp':
    case 'mv':
    case 'mb':
    case 'website':
      return { risk: 'mutating', reason: `${label} changes resources` };
    default:
      return { risk: 'mutating', reason: `${label} is not a known read-only operation` };
  }
}
