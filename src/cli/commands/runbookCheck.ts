import { CLI_NAME } from '../version';
import type { Command } from '../command';
import { runbookCheckRun } from '../commandModules';

const RUNBOOK_SUFFIX = '.runbook.md';

const HELP = `Usage: ${CLI_NAME} runbook check [paths...] [options]

Checks runbooks (*${RUNBOOK_SUFFIX}) the way the extension reads and runs them, and
prints each problem as  path:line:col: severity [code] message
Paths are files or directories; directories are searched recursively for
*${RUNBOOK_SUFFIX}, honouring .gitignore and skipping .git, node_modules,
.terraform and vendor (as lint does). Without paths, the current directory is searched.

What is checked (code: what it reports):
  front-matter    front matter YAML that does not parse; title and kind missing (warning)
                  or wrong: kind is incident, enablement or compliance
  unknown-key     front matter keys and cell attributes nothing reads (warning)
  target          targets that are not 12-digit AWS account ids (a list, or per environment)
  parameter       parameters: names, types, enum values, patterns, defaults that do not validate
  time-range      a timeRange (front matter, query cells) that cannot be resolved
  attribute       cell attributes that are not a JSON object; bad timeout, region, excludeFromRunAll
  cell-name       cell names that are not kebab-case
  duplicate-name  a cell name used twice in a runbook
  risk            a risk other than read, mutating or destructive, or lower than the cell's
                  commands show (it names the command)
  language        code blocks no executor runs (warning; text, json, yaml, hcl and other
                  display-only languages are fine)
  placeholder     {{ name }} naming no declared parameter, or where the shell cannot substitute it
  control         controls that match no compliance item, related Security Hub control or manifest rule
  native-cell     logs-insights, cloudtrail, securityhub and log-retention cells their readers refuse

Options:
  --format text|json  output on stdout (default text); json is
                      { "runbooks": [{ "path", "problems": [{ "line", "column", "severity", "code", "message" }] }],
                        "errors", "warnings" }
  --strict            warnings fail the check too
  -h, --help          show this help

The summary (runbooks checked, errors, warnings) goes to stderr.

Example:
  ${CLI_NAME} runbook check runbooks/ --strict

Exit codes: 0 no errors (and no warnings with --strict), 1 problems found,
2 a path does not exist or cannot be read, or no runbook was found.
`;

export const runbookCheckCommand: Command = {
  name: 'runbook check',
  summary: 'validate runbooks (*.runbook.md): front matter, attributes, risk, placeholders, native cells',
  help: HELP,
  options: {
    format: { type: 'string' },
    strict: { type: 'boolean' },
  },
  positionals: true,
  run: (args, io) => runbookCheckRun().runRunbookCheck(args, io),
};
