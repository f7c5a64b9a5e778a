import { COMPLIANCE_ITEMS, ITEM_IDS } from '../../compliance/catalog';
import { DEFAULT_CALL_TIMEOUT_MS } from '../../compliance/scanContext';
import type { Command } from '../command';
import { scanRun } from '../commandModules';
import { CLI_NAME } from '../version';

const ITEM_WIDTH = Math.max(...ITEM_IDS.map((id) => id.length));

const HELP = `Usage: ${CLI_NAME} scan [--profile P] [--region R ...] [--item ID ...] [--format text|json|markdown] [--output FILE] [--timeout MS] [--quiet]

Scans one AWS account against the ten-item compliance checklist of the Security
Runbooks Compliance view (CIS AWS Foundations Benchmark v3.0 and AWS Security Hub
controls), as the profile's identity, read-only. Regional items are checked in every
region enabled for the account unless --region narrows them. Failed Security Hub
findings are listed by control where the hub is on.

Options:
  --profile P        AWS profile from the shared files (AWS_CONFIG_FILE,
                     AWS_SHARED_CREDENTIALS_FILE); default AWS_PROFILE, then
                     credentials in the environment (AWS_ACCESS_KEY_ID and
                     AWS_SECRET_ACCESS_KEY, a web identity token, a container role;
                     shown as profile "environment", region from AWS_REGION or
                     --region, AWS_ENDPOINT_URL honoured), then "default".
                     Static keys, assume-role, credential_process, SSO and endpoint_url
                     work as in the extension; MFA asks for a code on a terminal only.
  --region R         Scan only this region; repeat it or give a comma list
                     (--region us-east-1,eu-west-1). The first is also the home region
                     when the profile names none (else AWS_REGION, AWS_DEFAULT_REGION).
  --item ID          Check only this item; repeatable, comma lists too. IDs:
${COMPLIANCE_ITEMS.map((item) => `                       ${item.id.padEnd(ITEM_WIDTH)}  ${item.title}`).join('\n')}
  --format F         text (default; for people and logs), json (the extension's
                     "security-runbooks/compliance-report" JSON), markdown (the
                     extension's report, for a wiki, an issue or a job summary).
  -o, --output FILE  Write the results to FILE instead of stdout.
  --timeout MS       Limit per AWS call in milliseconds (default ${DEFAULT_CALL_TIMEOUT_MS}); also
                     accepts 30s, 2m. A call that takes longer makes its item an error.
  -q, --quiet        No progress on stderr (errors and warnings still go there).
  -h, --help         Show this help.

Examples:
  ${CLI_NAME} scan --profile audit
  ${CLI_NAME} scan --profile audit --region eu-west-1 --region us-east-1 --item cloudtrail,guardduty
  ${CLI_NAME} scan --profile audit --format json --output compliance.json
  # A nightly scheduled pipeline: the Markdown report as an artifact; the job fails on a failing item.
  ${CLI_NAME} scan --profile audit --format markdown --output compliance.md

Exit codes:
  0  every item checked passes
  1  at least one item fails
  2  the scan could not run (arguments, profile, credentials, network, cancelled),
     or no item fails but some are unknown (access denied) or error: the account
     could not be fully assessed
`;

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan an AWS account against the compliance checklist (exit 1 when an item fails)',
  help: HELP,
  options: {
    profile: { type: 'string' },
    region: { type: 'string', multiple: true },
    item: { type: 'string', multiple: true },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    timeout: { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
  },
  positionals: false,
  run: (args, io) => scanRun().runScan(args, io),
};
