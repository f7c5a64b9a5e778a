/**
 * The post-incident record as one self-contained HTML file: inline CSS, no script,
 * a Content-Security-Policy that forbids everything but inline style and data:
 * images, and every value from the journal HTML-escaped (`& < > " '`). Commands and
 * outputs are escaped text inside `<pre>`; the runbook's own notes are rendered by
 * markdown-it with raw HTML off (so tags show as text) and its link validation on.
 */
import MarkdownIt from 'markdown-it';
import {
  visibleText,
  FOLLOW_UPS_PROMPT,
  IMPACT_PROMPT,
  STATUS_LABEL,
  formatBytes,
  oneLine,
  outcomeParts,
  recordTitle,
  runbookNoteFor,
  shownDuration,
  statusText,
  text,
  type RecordRenderer,
  type RenderContext,
  type StepEvidence,
  type TimelineRow,
} from './recordModel';

export const CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/**
 * HTML-escapes text (for element content and quoted attributes alike: `& < > " '`),
 * making control characters visible first. Five native replacements: outputs are
 * large and dense with quotes (JSON), where this beats one pass with a replacement
 * function or a character loop, and gives flat strings.
 */
export function escapeHtml(value: unknown): string {
  return visibleText(text(value)).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escaped text on one line (line breaks as spaces). */
function inline(value: unknown): string {
  return escapeHtml(oneLine(text(value)));
}

function code(value: unknown): string {
  const body = text(value);
  return body === '' ? '—' : `<code>${inline(body)}</code>`;
}

/** Escaped block text in `<pre>`. The newline after `<pre>` keeps a leading newline of the content (HTML drops the first one). */
function pre(value: string, className: string): string {
  return `<pre class="${className}">\n${escapeHtml(value)}</pre>\n`;
}

let noteRenderer: InstanceType<typeof MarkdownIt> | undefined;

/** A runbook note rendered as Markdown: raw HTML shown as text, unsafe links left as text. */
export function renderNoteHtml(markdown: string): string {
  if (!noteRenderer) {
    noteRenderer = new MarkdownIt({ html: false, linkify: false, typographer: false });
    // The note sits inside a step (h3): its headings start at h4.
    noteRenderer.core.ruler.push('demote_headings', (state) => {
      for (const token of state.tokens) {
        if (token.type === 'heading_open' || token.type === 'heading_close') token.tag = `h${Math.min(6, Number(token.tag.slice(1)) + 3)}`;
      }
    });
  }
  return noteRenderer.render(markdown.replace(/[\u202a-\u202e\u2066-\u2069]/g, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase()}>`));
}

const STATUS_CLASSES = new Set(Object.keys(STATUS_LABEL));
function statusClass(status: string): string {
  return STATUS_CLASSES.has(status) ? `status status-${status}` : 'status';
}

const STYLE = `
:root { color-scheme: light; --fg: #1b1f24; --muted: #57606a; --line: #d0d7de; --bg-soft: #f6f8fa; --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; }
* { box-sizing: border-box; }
html { font: 15px/1.5 -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--fg); background: #fff; }
body { max-width: 70rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; line-height: 1.25; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .8rem; padding-bottom: .3rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.1rem; margin: 0 0 .6rem; }
h4 { font-size: .95rem; margin: 1rem 0 .4rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; color: var(--muted); margin: 0; }
.prompt { color: var(--muted); font-style: italic; border-left: 3px solid var(--line); padding: .2rem .8rem; }
code, pre { font: .85rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
code { background: var(--bg-soft); padding: .05rem .3rem; border-radius: 4px; overflow-wrap: anywhere; }
pre { background: var(--bg-soft); border: 1px solid var(--line); border-radius: 6px; padding: .75rem 1rem; white-space: pre-wrap; overflow-wrap: anywhere; margin: 0 0 .8rem; }
pre.output { max-height: 40rem; overflow: auto; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0 0 .8rem; }
dl.facts dt { font-weight: 600; color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 0 0 1rem; font-size: .9rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--bg-soft); }
tr.note td, tr.event td { color: var(--muted); }
tr.note td.what { color: var(--fg); white-space: pre-wrap; }
td.num, td.time { white-space: nowrap; font-variant-numeric: tabular-nums; }
.status { font-weight: 600; }
.status-succeeded { color: var(--ok); }
.status-failed, .status-timedOut, .status-incomplete { color: var(--bad); }
.status-cancelled, .status-declined, .status-skipped, .status-notRun { color: var(--warn); }
article.step { border-top: 1px solid var(--line); padding-top: 1rem; margin-top: 1.5rem; }
.runbook-note { border-left: 3px solid var(--line); margin: 0 0 .8rem; padding: 0 .9rem; color: #333; }
.runbook-note h4, .runbook-note h5, .runbook-note h6 { font-size: .95rem; margin: .6rem 0 .3rem; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 3rem; padding-top: .8rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .85rem; }
@media print {
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  pre.output { max-height: none; overflow: visible; }
  h2, h3, h4 { break-after: avoid; }
  tr, dl.facts { break-inside: avoid; }
  article.step { break-before: auto; }
  .status-succeeded, .status-failed, .status-timedOut, .status-incomplete, .status-cancelled, .status-declined, .status-skipped, .status-notRun { color: #000; }
}
`;

export function createHtmlRenderer(context: RenderContext): RecordRenderer {
  const { summary, times } = context;

  const when = (time: string | undefined): string => {
    const shown = times.show(time);
    return shown.utc === '—' ? inline(shown.local) : `${shown.utc} UTC <span class="local">(${inline(shown.local)})</span>`;
  };

  const fact = (label: string, html: string): string => `<dt>${escapeHtml(label)}</dt><dd>${html}</dd>\n`;

  const timelineRow = (row: TimelineRow): string => {
    const shown = times.show(row.kind === 'step' ? row.step.time : row.time);
    const time = `<td class="time">${inline(shown.utc)}</td><td class="time">${inline(shown.local)}</td>`;
    if (row.kind === 'step') {
      const { step } = row;
      return (
        `<tr class="step"><td class="num"><a href="#step-${step.n}">${step.n}</a></td>${time}` +
        `<td class="what"><a href="#step-${step.n}">${inline(step.name || `cell ${step.index}`)}</a></td>` +
        `<td>${inline(step.risk ?? '—')}</td><td class="num">${inline(shownDuration(step))}</td>` +
        `<td class="${statusClass(step.status)}">${inline(statusText(step))}</td></tr>\n`
      );
    }
    const who = row.operator ? ` <span class="operator">(${inline(row.operator)})</span>` : '';
    if (row.kind === 'note') {
      return `<tr class="note"><td class="num"></td>${time}<td class="what" colspan="4"><strong>Note</strong>${who}: ${escapeHtml(row.text)}</td></tr>\n`;
    }
    return `<tr class="event"><td class="num"></td>${time}<td class="what" colspan="4"><em>${inline(row.text)}</em>${who}</td></tr>\n`;
  };

  return {
    head(): string {
      const title = recordTitle(summary);
      const out: string[] = [];
      out.push(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
        `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(CONTENT_SECURITY_POLICY)}">\n`,
        '<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n',
        '<meta name="generator" content="Security Runbooks">\n',
        `<title>Post-incident record: ${inline(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n`,
      );
      out.push(`<header>\n<p class="kicker">Post-incident record</p>\n<h1>${inline(title)}</h1>\n</header>\n<main>\n`);

      out.push('<section id="summary">\n<h2>Summary</h2>\n<dl class="facts">\n');
      const runbook = summary.runbook;
      out.push(fact('Runbook', runbook ? `${code(runbook.path)}<br>SHA-256 ${code(runbook.sha256)}` : 'not recorded'));
      if (summary.git) out.push(fact('Runbook commit', `${code(summary.git.commit)}${summary.git.dirty ? ' (with uncommitted changes)' : ''}`));
      out.push(fact('Incident', summary.incident ? code(summary.incident) : 'not recorded'));
      out.push(fact('Operators', summary.operators.map(inline).join(', ') || 'not recorded'));
      out.push(
        fact(
          'Profiles',
          summary.identities.map((id) => `${code(id.profile)} (account ${code(id.account)}, region ${code(id.region)})`).join('<br>') || 'none resolved',
        ),
      );
      out.push(fact('Accounts', summary.accounts.map(code).join(', ') || 'none'));
      out.push(fact('Regions', summary.regions.map(code).join(', ') || 'none'));
      out.push(fact('Principals', summary.principals.map(code).join('<br>') || 'none'));
      out.push(fact('Parameters', summary.parameters.map((p) => `${code(p.name)} = ${code(p.value)}`).join('<br>') || 'none'));
      out.push(fact('Started', when(summary.start)));
      out.push(fact('Ended', when(summary.end)));
      const outcome = outcomeParts(summary.counts).join(', ');
      out.push(fact('Outcome', `${summary.steps.length} ${summary.steps.length === 1 ? 'step' : 'steps'}: ${escapeHtml(outcome)}`));
      out.push(fact('Redactions', `${summary.redactionCount} ${summary.redactionCount === 1 ? 'value' : 'values'} redacted in recorded cell results`));
      out.push(fact('Journal chain head', code(context.chainHead)));
      out.push('</dl>\n</section>\n');

      out.push(`<section id="impact">\n<h2>Impact</h2>\n<p class="prompt">${escapeHtml(IMPACT_PROMPT)}</p>\n</section>\n`);
      out.push(`<section id="follow-ups">\n<h2>Follow-ups</h2>\n<p class="prompt">${escapeHtml(FOLLOW_UPS_PROMPT)}</p>\n</section>\n`);

      out.push('<section id="timeline">\n<h2>Timeline</h2>\n');
      if (summary.timeline.length === 0) out.push('<p class="empty">The journal has no entries.</p>\n');
      else {
        out.push(
          `<table>\n<thead><tr><th>#</th><th>Time (UTC)</th><th>${escapeHtml(times.localLabel)}</th><th>Step</th><th>Risk</th><th>Duration</th><th>Status</th></tr></thead>\n<tbody>\n`,
        );
        for (const row of summary.timeline) out.push(timelineRow(row));
        out.push('</tbody>\n</table>\n');
      }
      out.push('</section>\n<section id="evidence">\n<h2>Evidence</h2>\n');
      if (summary.steps.length === 0) out.push('<p class="empty">No cell ran.</p>\n');
      return out.join('');
    },

    evidence({ step, start, end }: StepEvidence): string {
      const out: string[] = [];
      out.push(`<article class="step" id="step-${step.n}">\n<h3>Step ${step.n}: ${code(step.name || `cell ${step.index}`)}</h3>\n<dl class="facts">\n`);
      out.push(fact('Status', `<span class="${statusClass(step.status)}">${inline(statusText(step))}</span>`));
      out.push(fact('Risk', inline(step.risk ?? 'not recorded')));
      out.push(fact('Duration', inline(shownDuration(step))));
      if (start) out.push(fact('Started', when(start.time)));
      if (end) out.push(fact('Ended', when(end.time)));
      out.push(fact('Run', `${code(step.runId)}, cell ${Number.isFinite(step.index) ? step.index : '?'}${step.language ? ` (${inline(step.language)})` : ''}`));
      const operator = start?.operator ?? end?.operator;
      if (operator) out.push(fact('Operator', inline(operator)));
      if (start && (start.profile || start.account || start.region || start.principal)) {
        out.push(fact('As', `profile ${code(start.profile)}, account ${code(start.account)}, region ${code(start.region)}, principal ${code(start.principal)}`));
      }
      if (end?.message) out.push(fact('Message', inline(end.message)));
      out.push('</dl>\n');

      const note = runbookNoteFor(context.runbookNotes, step.name);
      if (note) out.push(`<h4>From the runbook</h4>\n<div class="runbook-note">\n${renderNoteHtml(note)}</div>\n`);

      const notRun = !start && end !== undefined && text(end.output) === '' && !(Number(end.outputBytes) > 0);
      if (notRun) {
        out.push('<p class="empty">The cell did not start: no command was run and there is no output.</p>\n');
      } else {
        out.push('<h4>Command <small>(after parameter substitution, as recorded)</small></h4>\n');
        out.push(start ? pre(text(start.command), 'command') : '<p class="empty">No command recorded: the cell did not start.</p>\n');
      }

      if (notRun) {
        // Nothing more to show.
      } else if (end) {
        out.push(`<h4>Output${end.outputTruncated ? ' <small>(truncated in the journal; the hash and size below are of the full output)</small>' : ''}</h4>\n`);
        const output = text(end.output);
        out.push(output === '' ? '<p class="empty">No output.</p>\n' : pre(output, 'output'));
        out.push('<dl class="facts">\n');
        out.push(fact('Exit code', end.exitCode === undefined ? 'none' : inline(end.exitCode)));
        out.push(fact('Output SHA-256', code(end.outputSha256)));
        out.push(fact('Output size', `${inline(formatBytes(Number(end.outputBytes)))}${end.outputTruncated ? ', truncated' : ''}`));
        out.push(fact('Redactions', inline(Number(end.redactions) || 0)));
        out.push('</dl>\n');
      } else {
        out.push('<p class="empty">No end recorded: the cell was still running, or the editor stopped, when the journal ends.</p>\n');
      }
      out.push('</article>\n');
      return out.join('');
    },

    tail(): string {
      const generated = times.showDate(context.generatedAt);
      return (
        `</section>\n</main>\n<footer>\n<p>Generated ${inline(generated.utc)} UTC by Security Runbooks from ${summary.entries} journal ${
          summary.entries === 1 ? 'entry' : 'entries'
        } up to chain head ${code(context.chainHead)}. Verify the journal before relying on this record.</p>\n</footer>\n</body>\n</html>\n`
      );
    },
  };
}
