/**
 * `record verify` and `record export`: what they are and their help; the work is in
 * recordRun.ts, loaded when one runs. Both only read the journal.
 */
import type { Command } from '../command';
import { recordRun } from '../commandModules';
import { CLI_NAME } from '../version';

const VERIFY_HELP = `Usage: ${CLI_NAME} record verify <journal.jsonl> [--head HASH] [--format text|json]

Verifies an incident journal's hash chain, as the extension's "Verify Incident
Journal" does: every line parses, seq counts up from 1, and each line's prev is
the SHA-256 of the line before. Reports the first line where the chain breaks
(an edited, removed, inserted or reordered line, a truncated last line) and,
on success, the chain head: the hash of the last line. The journal is only read.

Without --head, an edit to the LAST line, or lines removed from the end, cannot
be told from an honest journal: pass the head recorded elsewhere (the record's
"Chain head", a ticket, a previous run of this command) to pin it.

Options:
  --head HASH             the chain head the journal must end at (64 hex digits)
  --format text|json      output format (default: text)
  -h, --help              show this help

Output (stdout):
  text  <journal>: verified, N entries, chain head <hash>
        or <journal>:<line>: <problem>, then <journal>: does not verify (...)
  json  {"journal", "verified", "entries", "head"[, "repaired"]}
        or {"journal", "verified": false, "line", "problem", "entriesVerified"}

Examples:
  ${CLI_NAME} record verify .security-runbooks/records/INC-2026-1129-017.jsonl
  ${CLI_NAME} record verify incident.jsonl --head "$RECORDED_HEAD" --format json

Exit codes:
  0  the journal verifies (and ends at --head, if given)
  1  it does not verify: edited, reordered, lines removed or inserted, truncated, or not at --head
  2  the journal could not be checked: not found, unreadable, not a journal, bad arguments
`;

export const recordVerifyCommand: Command = {
  name: 'record verify',
  summary: "verify an incident journal's hash chain (read-only)",
  help: VERIFY_HELP,
  options: {
    head: { type: 'string' },
    format: { type: 'string' },
  },
  positionals: true,
  run: (args, io) => recordRun().runRecordVerify(args, io),
};

const EXPORT_HELP = `Usage: ${CLI_NAME} record export <journal.jsonl> --format md|html [--output FILE] [--runbook FILE] [--head HASH]

Exports an incident journal as a post-incident record, with the renderer of the
extension's "Export Post-Incident Record": a summary, a timeline, and each step's
command and output as evidence, in Markdown or one self-contained HTML file. The
journal is verified first; one that does not verify is NOT exported (as in the
extension): the first broken line is reported and nothing is written.

The record shows what the journal holds: secrets were redacted before they were
journaled (they appear as [REDACTED:<kind>]), and every value is escaped for the
format. The journal is streamed, never read whole.

The journal is NOT modified: unlike the extension, the CLI does not append an
"export" entry to it (it is read-only evidence). The record names the chain head
it covers; keep it to pin the journal later (record verify --head).

Options:
  -f, --format md|html    record format (required; "markdown" is accepted for md)
  -o, --output FILE       write the record to FILE (default: stdout); written to a
                          temporary file beside it and renamed, so a failed export
                          leaves no partial record
  --runbook FILE          the runbook (.runbook.md) the journal was recorded from:
                          the markdown before each cell is quoted in that step's
                          evidence, as the extension quotes the open runbook
  --head HASH             refuse unless the journal ends at this chain head
  -h, --help              show this help

Environment:
  SOURCE_DATE_EPOCH       the record's "generated" time, in seconds since 1970
                          (reproducible records); by default, now

Examples:
  ${CLI_NAME} record export incident.jsonl --format md > incident.record.md
  ${CLI_NAME} record export incident.jsonl --format html --output incident.record.html \\
      --runbook runbooks/incident-response.runbook.md

Exit codes:
  0  the record was written
  1  the journal does not verify (or does not end at --head): not exported
  2  the record could not be made: journal not found, unreadable or not a journal,
     runbook unreadable, output not writable, bad arguments
`;

export const recordExportCommand: Command = {
  name: 'record export',
  summary: 'export an incident journal as a post-incident record, Markdown or HTML (read-only)',
  help: EXPORT_HELP,
  options: {
    format: { type: 'string', short: 'f' },
    output: { type: 'string', short: 'o' },
    runbook: { type: 'string' },
    head: { type: 'string' },
  },
  positionals: true,
  run: (args, io) => recordRun().runRecordExport(args, io),
};
