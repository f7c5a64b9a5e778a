import type { Command } from '../command';
import { lintRun } from '../commandModules';

const HELP = `Usage: security-runbooks lint [paths...] [options]

Checks Kubernetes manifests, Dockerfiles and Terraform files with the rules the
Security Runbooks extension shows in the editor (SR-K8S-*, SR-DOCKER-*, SR-TF-*).
Folders are walked (default: the current folder), honouring .gitignore and
skipping .git, node_modules, .terraform and vendor. Kubernetes YAML is recognised
by its content (apiVersion and kind). Files named explicitly are always checked.

Rule settings come from the nearest .security-runbooks.yaml in the file's folder
or above it (up to the repository root) — the same file the extension reads:

  manifests:
    rules:
      SR-K8S-011: off          # or error, warning, info
    exclude:
      - test/fixtures/         # .gitignore-style, relative to the settings file

A comment "# security-runbooks-ignore: SR-K8S-003" silences one line, as in the editor.

Options:
  --format text|json|sarif   output (default text); sarif is SARIF 2.1.0 for code scanning
  --severity error|warning|info
                             fail (exit 1) when a finding is at or above this (default warning)
  --output FILE              write the results to FILE instead of stdout
  --config FILE              use this settings file for every file
  --no-gitignore             walk folders without honouring .gitignore
  -h, --help                 show this help

Examples:
  security-runbooks lint                              # the whole repository
  security-runbooks lint k8s/ Dockerfile infra/main.tf
  security-runbooks lint --format sarif --output security-runbooks.sarif

Exit codes: 0 no finding at or above --severity, 1 such findings, 2 the check could not run
(a path does not exist, bad options). The summary goes to stderr.
`;

export const lintCommand: Command = {
  name: 'lint',
  summary: 'check Kubernetes manifests, Dockerfiles and Terraform files (text, JSON or SARIF)',
  help: HELP,
  options: {
    format: { type: 'string' },
    severity: { type: 'string' },
    output: { type: 'string' },
    config: { type: 'string' },
    'no-gitignore': { type: 'boolean' },
  },
  positionals: true,
  run: (args, io) => lintRun().runLint(args, io),
};
