/**
 * Risk of commands of the subcommand-style CLIs a security runbook uses besides
 * `aws`: git, kubectl, terraform (and tofu), docker (and podman) and helm. Each is
 * judged by its subcommand (and, where it matters, the subcommand's action or
 * flags): listing and inspecting read, `delete`/`destroy`/`rm` destroy, the rest
 * changes things.
 *
 * Pure: no `vscode`, no I/O.
 */
import { destructive, mutating, read, skipOptions, type Finding } from './riskFindings';

// git ----------------------------------------------------------------------------

const GIT_READ = new Set(
  'status log diff show blame grep ls-files ls-tree ls-remote rev-parse rev-list describe shortlog cat-file whatchanged version help show-ref for-each-ref count-objects fsck verify-commit verify-tag check-ignore name-rev cherry merge-base range-diff annotate'.split(' '),
);

export function classifyGit(args: string[]): Finding[] {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) i += args[i] === '-C' || args[i] === '-c' ? 2 : 1;
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === undefined) return read('git without a command only prints help');
  const label = `git ${sub}`;
  const has = (...flags: string[]) => rest.some((a) => flags.includes(a));
  switch (sub) {
    case 'secrets': {
      const flag = rest[0] ?? '';
      if (['--scan', '--scan-history', '--list'].includes(flag)) return read(`git secrets ${flag} only scans`);
      if (flag === '--install') return mutating('git secrets --install installs git hooks');
      return mutating(`git secrets ${flag} changes git configuration`.trimEnd());
    }
    case 'branch':
      if (has('-D', '-d', '--delete')) return destructive('git branch -d deletes a branch');
      return rest.every((a) => a.startsWith('-')) && !has('-m', '-M', '-c', '-C', '--move', '--copy', '-u', '--set-upstream-to', '--unset-upstream', '--edit-description', '-f', '--force')
        ? read('git branch only lists branches')
        : mutating('git branch changes branches');
    case 'tag':
      if (has('-d', '--delete')) return destructive('git tag -d deletes a tag');
      return rest.length === 0 || has('-l', '--list') ? read('git tag only lists tags') : mutating('git tag creates a tag');
    case 'remote':
      return rest.length === 0 || ['-v', '--verbose', 'show', 'get-url'].includes(rest[0]!) ? read('git remote only lists remotes') : mutating('git remote changes remotes');
    case 'config':
      return has('--get', '--get-all', '--get-regexp', '--list', '-l') || rest.filter((a) => !a.startsWith('-')).length === 1
        ? read('git config only reads settings')
        : mutating('git config changes settings');
    case 'stash':
      if (['list', 'show'].includes(rest[0] ?? '')) return read(`git stash ${rest[0]} is read-only`);
      return ['drop', 'clear'].includes(rest[0] ?? '') ? destructive(`git stash ${rest[0]} deletes stashed changes`) : mutating('git stash changes the working tree');
    case 'reflog':
      if (['expire', 'delete'].includes(rest[0] ?? '')) return destructive(`git reflog ${rest[0]} deletes history`);
      return read('git reflog is read-only');
    case 'reset':
      return has('--hard') ? destructive('git reset --hard discards changes') : mutating('git reset changes the index');
    case 'clean':
      if (has('-n', '--dry-run')) return read('git clean -n only lists files');
      return rest.some((a) => a === '--force' || /^-[A-Za-z]*f/.test(a)) ? destructive('git clean -f deletes untracked files') : mutating('git clean changes the working tree');
    case 'push':
      return rest.some((a) => ['--force', '-f', '--delete', '-d', '--mirror', '--prune'].includes(a) || a.startsWith('--force-with-lease') || a.startsWith('+') || a.startsWith(':'))
        ? destructive('git push rewrites or deletes remote history')
        : mutating('git push changes a remote');
    case 'filter-branch':
    case 'filter-repo':
      return destructive(`${label} rewrites history`);
    default:
      return GIT_READ.has(sub) ? read(`${label} is read-only`) : mutating(`${label} changes the repository`);
  }
}

// kubectl ------------------------------------------------------------------------

const KUBECTL_VALUE_OPTIONS = new Set(['-n', '--namespace', '--context', '--kubeconfig', '--cluster', '--user', '-s', '--server', '--token', '--as', '--as-group', '--request-timeout', '--certificate-authority', '--client-certificate', '--client-key', '--tls-server-name', '--cache-dir', '-v']);
const KUBECTL_READ = new Set('get describe logs top explain version api-resources api-versions cluster-info diff wait events kustomize completion options help'.split(' '));

export function classifyKubectl(args: string[]): Finding[] {
  const i = skipOptions(args, 0, KUBECTL_VALUE_OPTIONS);
  const verb = args[i];
  const sub = args[i + 1] ?? '';
  if (verb === undefined) return read('kubectl without a command only prints help');
  const label = `kubectl ${verb}`;
  if (KUBECTL_READ.has(verb)) return read(`${label} reads`);
  if (verb === 'delete') return destructive('kubectl delete deletes resources');
  if (verb === 'auth') return ['can-i', 'whoami'].includes(sub) ? read(`kubectl auth ${sub} reads`) : mutating(`kubectl auth ${sub} changes the cluster`.trimEnd());
  if (verb === 'config') return ['view', 'get-contexts', 'current-context', 'get-clusters', 'get-users'].includes(sub) ? read(`kubectl config ${sub} reads`) : mutating('kubectl config changes the kubeconfig');
  if (verb === 'rollout') return ['status', 'history'].includes(sub) ? read(`kubectl rollout ${sub} reads`) : mutating(`kubectl rollout ${sub} changes the cluster`.trimEnd());
  if (verb === 'plugin') return sub === 'list' ? read('kubectl plugin list reads') : mutating(`${label} runs a plugin`);
  return mutating(`${label} changes the cluster`);
}

// terraform ----------------------------------------------------------------------

export function classifyTerraform(name: string, args: string[]): Finding[] {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    if (args[i] === '-version' || args[i] === '--version' || args[i] === '-help' || args[i] === '--help') return read(`${name} ${args[i]} is read-only`);
    i += 1;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  if (sub === undefined) return read(`${name} without a command only prints help`);
  const label = `${name} ${sub}`;
  switch (sub) {
    case 'plan':
    case 'show':
    case 'validate':
    case 'output':
    case 'version':
    case 'providers':
    case 'graph':
    case 'console':
      return read(`${label} is read-only`);
    case 'fmt':
      return rest.some((a) => a === '-check' || a === '--check' || a === '-check=true') ? read(`${label} -check is read-only`) : mutating(`${label} rewrites files`);
    case 'destroy':
      return destructive(`${label} destroys infrastructure`);
    case 'apply':
      return rest.includes('-destroy') || rest.includes('--destroy') ? destructive(`${label} -destroy destroys infrastructure`) : mutating(`${label} changes infrastructure`);
    case 'state':
      return ['list', 'show', 'pull'].includes(rest[0] ?? '') ? read(`${label} ${rest[0]} is read-only`) : mutating(`${label} ${rest[0] ?? ''} changes the state`.trimEnd());
    case 'workspace':
      if (['list', 'show'].includes(rest[0] ?? '')) return read(`${label} ${rest[0]} is read-only`);
      return rest[0] === 'delete' ? destructive(`${label} delete deletes a workspace`) : mutating(`${label} ${rest[0] ?? ''} changes workspaces`.trimEnd());
    default:
      return mutating(`${label} changes infrastructure or local files`);
  }
}

// docker -------------------------------------------------------------------------

const DOCKER_VALUE_OPTIONS = new Set(['-H', '--host', '-c', '--context', '--config', '-l', '--log-level']);
const DOCKER_READ = new Set('ps images inspect logs version info history stats top port diff search events ls list show df'.split(' '));
const DOCKER_DESTRUCTIVE = new Set(['rm', 'rmi', 'prune', 'remove']);
const DOCKER_GROUPS = new Set('image container volume network system builder buildx context manifest plugin secret config node service stack trust'.split(' '));

export function classifyDocker(args: string[]): Finding[] {
  const i = skipOptions(args, 0, DOCKER_VALUE_OPTIONS);
  const sub = args[i];
  if (sub === undefined) return read('docker without a command only prints help');
  if (sub === 'compose') {
    const j = skipOptions(args, i + 1, new Set(['-f', '--file', '-p', '--project-name', '--env-file', '--profile', '--project-directory']));
    const action = args[j];
    if (action === undefined) return read('docker compose without a command only prints help');
    if (['ps', 'logs', 'config', 'ls', 'images', 'top', 'version', 'port', 'events'].includes(action)) return read(`docker compose ${action} is read-only`);
    if (action === 'down' || action === 'rm') return destructive(`docker compose ${action} removes containers`);
    return mutating(`docker compose ${action} changes containers`);
  }
  if (DOCKER_GROUPS.has(sub)) {
    const action = args[skipOptions(args, i + 1, new Set())];
    const label = `docker ${sub} ${action ?? ''}`.trimEnd();
    if (action === undefined || DOCKER_READ.has(action)) return read(`${label} is read-only`);
    if (DOCKER_DESTRUCTIVE.has(action)) return destructive(`${label} deletes`);
    return mutating(`${label} changes containers or images`);
  }
  if (DOCKER_READ.has(sub)) return read(`docker ${sub} is read-only`);
  if (DOCKER_DESTRUCTIVE.has(sub)) return destructive(`docker ${sub} deletes`);
  return mutating(`docker ${sub} changes containers or images`);
}

// helm ---------------------------------------------------------------------------

export function classifyHelm(args: string[]): Finding[] {
  const i = skipOptions(args, 0, new Set(['-n', '--namespace', '--kube-context', '--kubeconfig', '--registry-config', '--repository-config']));
  const sub = args[i];
  const next = args[i + 1] ?? '';
  if (sub === undefined) return read('helm without a command only prints help');
  if (['list', 'ls', 'status', 'get', 'history', 'show', 'search', 'template', 'lint', 'version', 'env', 'verify', 'help'].includes(sub)) return read(`helm ${sub} is read-only`);
  if (['repo', 'plugin', 'dependency'].includes(sub) && ['list', 'ls'].includes(next)) return read(`helm ${sub} ${next} is read-only`);
  if (['uninstall', 'delete', 'del', 'un'].includes(sub)) return destructive(`helm ${sub} deletes a release`);
  return mutating(`helm ${sub} changes the cluster`);
}
