/**
 * The post-incident record as GitHub-flavoured Markdown. Every journal value is shown
 * literally: inline text is backslash-escaped, identifiers go in code spans whose
 * delimiters outrun any backticks inside, and commands and outputs go in fenced
 * blocks whose fence is longer than any backtick run in the content, so nothing a
 * command printed can close its fence or turn into Markdown or HTML.
 */
import MarkdownIt from 'markdown-it';
import {
  FOLLOW_UPS_PROMPT,
  IMPACT_PROMPT,
  formatBytes,
  oneLine,
  outcomeParts,
  recordTitle,
  runbookNoteFor,
  shownDuration,
  statusText,
  text,
  visibleText,
  type RecordRenderer,
  type RenderContext,
  type StepEvidence,
  type TimelineRow,
} from './recordModel';

/** Escapes the characters that start inline Markdown (or end a table cell) so text shows literally. */
export function markdownInline(value: string): string {
  return oneLine(value).replace(/[\\`*_[\]<>|~&#!]/g, (c) => `\\${c}`);
}

/** A code span that shows `value` exactly (on one line), whatever backticks it contains. Not for table cells. */
export function markdownCode(value: string): string {
  const body = oneLine(value);
  if (body === '') return '—';
  const ticks = '`'.repeat(longestRun(body, '`') + 1);
  // CommonMark strips one space from each end when both ends have one: pad when the
  // content starts or ends with a backtick (it would join the delimiter) or a space.
  const pad = /^[` ]|[` ]$/.test(body) && body.trim() !== '' ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced code block whose fence no line of the content can close. */
export function markdownFence(content: string, info = ''): string {
  const body = visibleText(content);
  const fence = '`'.repeat(Math.max(3, longestRun(body, '`') + 1));
  const safeInfo = /^[A-Za-z0-9_+.-]{1,40}$/.test(info) ? info : '';
  return `${fence}${safeInfo}\n${body}${body === '' || body.endsWith('\n') ? '' : '\n'}${fence}\n`;
}

export function longestRun(value: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (let i = value.indexOf(char); i !== -1; i = value.indexOf(char, i + 1)) {
    run = i > 0 && value[i - 1] === char ? run + 1 : 1;
    if (run > longest) longest = run;
  }
  return longest;
}

let detector: InstanceType<typeof MarkdownIt> | undefined;
let unsafeLinkSeen = false;

/**
 * Whether a runbook note can be quoted as Markdown as it is: no raw HTML and no link
 * a renderer would refuse (javascript:, vbscript:, file:, most data:), judged by
 * markdown-it's own parse and link validation. Otherwise it is shown as source.
 */
export function isInertMarkdown(markdown: string): boolean {
  if (/(?:javascript|vbscript)\s*:/i.test(markdown)) return false;
  if (!detector) {
    detector = new MarkdownIt({ html: true, linkify: false });
    const validate = detector.validateLink.bind(detector);
    detector.validateLink = (url: string) => {
      const ok = validate(url);
      if (!ok) unsafeLinkSeen = true;
      return ok;
    };
  }
  unsafeLinkSeen = false;
  const hasHtml = (tokens: MarkdownIt.Token[]): boolean =>
    tokens.some((token) => token.type === 'html_block' || token.type === 'html_inline' || (token.children !== null && hasHtml(token.children)));
  return !hasHtml(detector.parse(markdown, {})) && !unsafeLinkSeen;
}

function quoteNote(note: string): string {
  const body = visibleText(note).replace(/\s+$/, '');
  if (isInertMarkdown(body)) {
    return `${body
      .split('\n')
      .map((line) => (line === '' ? '>' : `> ${line}`))
      .join('\n')}\n`;
  }
  return `*From the runbook (shown as source: it contains raw HTML or a link that is not http, https or mailto):*\n\n${markdownFence(body, 'markdown')}`;
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell || ' ').join(' | ')} |\n`;
}

export function createMarkdownRenderer(context: RenderContext): RecordRenderer {
  const { summary, times } = context;

  const when = (time: string | undefined): string => {
    const shown = times.show(time);
    return shown.utc === '—' ? markdownInline(shown.local) : `${shown.utc} UTC (${markdownInline(shown.local)})`;
  };

  const timelineRow = (row: TimelineRow): string => {
    if (row.kind === 'step') {
      const { step } = row;
      const shown = times.show(step.time);
      return tableRow([
        String(step.n),
        shown.utc,
        markdownInline(shown.local),
        markdownInline(step.name || `cell ${step.index}`),
        markdownInline(step.risk ?? '—'),
        shownDuration(step),
        markdownInline(statusText(step)),
      ]);
    }
    const shown = times.show(row.time);
    const who = row.operator ? ` (${markdownInline(row.operator)})` : '';
    const what = row.kind === 'note' ? `**Note**${who}: ${markdownInline(row.text)}` : `*${markdownInline(row.text)}*${who}`;
    return tableRow(['', shown.utc, markdownInline(shown.local), what, '', '', '']);
  };

  return {
    head(): string {
      const out: string[] = [];
      out.push(`# Post-incident record: ${markdownInline(recordTitle(summary))}\n\n`);
      out.push('## Summary\n\n');
      const runbook = summary.runbook;
      const items: string[] = [];
      if (runbook) items.push(`**Runbook:** ${markdownCode(runbook.path)} (SHA-256 ${markdownCode(runbook.sha256)})`);
      else items.push('**Runbook:** not recorded');
      if (summary.git) items.push(`**Runbook commit:** ${markdownCode(text(summary.git.commit))}${summary.git.dirty ? ' (with uncommitted changes)' : ''}`);
      items.push(`**Incident:** ${summary.incident ? markdownCode(summary.incident) : 'not recorded'}`);
      items.push(`**Operators:** ${summary.operators.map(markdownInline).join(', ') || 'not recorded'}`);
      items.push(
        `**Profiles:** ${
          summary.identities.map((id) => `${markdownCode(id.profile)} (account ${markdownCode(id.account)}, region ${markdownCode(id.region)})`).join('; ') || 'none resolved'
        }`,
      );
      items.push(`**Accounts:** ${summary.accounts.map(markdownCode).join(', ') || 'none'}`);
      items.push(`**Regions:** ${summary.regions.map(markdownCode).join(', ') || 'none'}`);
      items.push(`**Principals:** ${summary.principals.map(markdownCode).join(', ') || 'none'}`);
      items.push(`**Parameters:** ${summary.parameters.map((p) => `${markdownCode(p.name)} = ${markdownCode(p.value)}`).join(', ') || 'none'}`);
      items.push(`**Started:** ${when(summary.start)}`);
      items.push(`**Ended:** ${when(summary.end)}`);
      items.push(`**Outcome:** ${summary.steps.length} ${summary.steps.length === 1 ? 'step' : 'steps'}: ${outcomeParts(summary.counts).join(', ')}`);
      items.push(`**Redactions:** ${summary.redactionCount} ${summary.redactionCount === 1 ? 'value' : 'values'} redacted in recorded cell results`);
      items.push(`**Journal chain head:** ${markdownCode(context.chainHead)}`);
      out.push(items.map((item) => `- ${item}\n`).join(''));
      out.push(`\n## Impact\n\n*${markdownInline(IMPACT_PROMPT)}*\n\n## Follow-ups\n\n*${markdownInline(FOLLOW_UPS_PROMPT)}*\n\n`);
      out.push('## Timeline\n\n');
      if (summary.timeline.length === 0) out.push('*The journal has no entries.*\n\n');
      else {
        out.push(tableRow(['#', 'Time (UTC)', markdownInline(times.localLabel), 'Step', 'Risk', 'Duration', 'Status']));
        out.push(`|${' --- |'.repeat(7)}\n`);
        for (const row of summary.timeline) out.push(timelineRow(row));
        out.push('\n');
      }
      out.push('## Evidence\n\n');
      if (summary.steps.length === 0) out.push('*No cell ran.*\n\n');
      return out.join('');
    },

    evidence({ step, start, end }: StepEvidence): string {
      const out: string[] = [];
      out.push(`### Step ${step.n}: ${markdownCode(step.name || `cell ${step.index}`)}\n\n`);
      const facts: string[] = [];
      facts.push(`**Status:** ${markdownInline(statusText(step))}`);
      facts.push(`**Risk:** ${markdownInline(step.risk ?? 'not recorded')}`);
      facts.push(`**Duration:** ${shownDuration(step)}`);
      if (start) facts.push(`**Started:** ${when(start.time)}`);
      if (end) facts.push(`**Ended:** ${when(end.time)}`);
      facts.push(`**Run:** ${markdownCode(step.runId)}, cell ${Number.isFinite(step.index) ? step.index : '?'}${step.language ? ` (${markdownInline(step.language)})` : ''}`);
      const operator = start?.operator ?? end?.operator;
      if (operator) facts.push(`**Operator:** ${markdownInline(operator)}`);
      if (start && (start.profile || start.account || start.region || start.principal)) {
        facts.push(
          `**As:** profile ${markdownCode(text(start.profile))}, account ${markdownCode(text(start.account))}, region ${markdownCode(text(start.region))}, principal ${markdownCode(text(start.principal))}`,
        );
      }
      if (end?.message) facts.push(`**Message:** ${markdownInline(end.message)}`);
      out.push(facts.map((fact) => `- ${fact}\n`).join(''));
      out.push('\n');

      const note = runbookNoteFor(context.runbookNotes, step.name);
      if (note) out.push(`**From the runbook:**\n\n${quoteNote(note)}\n`);

      const notRun = !start && end !== undefined && text(end.output) === '' && !(Number(end.outputBytes) > 0);
      if (notRun) {
        out.push('*The cell did not start: no command was run and there is no output.*\n\n');
      } else {
        out.push('**Command** (after parameter substitution, as recorded):\n\n');
        if (start) out.push(markdownFence(text(start.command), languageInfo(step.language)), '\n');
        else out.push('*No command recorded: the cell did not start.*\n\n');
      }

      if (notRun) {
        // Nothing more to show.
      } else if (end) {
        out.push(`**Output**${end.outputTruncated ? ' (truncated in the journal; the hash and size below are of the full output)' : ''}:\n\n`);
        const output = text(end.output);
        out.push(output === '' ? '*No output.*\n\n' : `${markdownFence(output, 'text')}\n`);
        const facts2: string[] = [];
        facts2.push(`**Exit code:** ${end.exitCode ?? 'none'}`);
        facts2.push(`**Output SHA-256:** ${markdownCode(text(end.outputSha256))}`);
        facts2.push(`**Output size:** ${formatBytes(Number(end.outputBytes))}${end.outputTruncated ? ', truncated' : ''}`);
        facts2.push(`**Redactions:** ${Number(end.redactions) || 0}`);
        out.push(facts2.map((fact) => `- ${fact}\n`).join(''), '\n');
      } else {
        out.push('*No end recorded: the cell was still running, or the editor stopped, when the journal ends.*\n\n');
      }
      return out.join('');
    },

    tail(): string {
      const generated = times.showDate(context.generatedAt);
      return `---\n\n*Generated ${generated.utc} UTC by Security Runbooks from ${summary.entries} journal ${
        summary.entries === 1 ? 'entry' : 'entries'
      } up to chain head ${markdownCode(context.chainHead)}. Verify the journal before relying on this record.*\n`;
    },
  };
}

/** The fence info for a cell's language: a plain identifier, `sh` for shells. */
function languageInfo(language: string): string {
  if (language === 'bash' || language === 'shell') return 'sh';
  return /^[A-Za-z0-9_+-]{1,30}$/.test(language) ? language : '';
}
