// Self-check of the random runbook generator: over a fixed-seed sample it must
// produce every tricky case the round-trip property tests rely on, and the text
// it renders must agree with the model it was rendered from.
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  BOM,
  closesFence,
  documentLines,
  fencedBlockArbitrary,
  renderFencedBlock,
  renderRunbookDocument,
  runbookDocumentArbitrary,
  runbookDocumentModelArbitrary,
  type Block,
  type FencedBlock,
  type MarkdownKind,
  type RunbookDocumentModel,
} from './support/markdownArbitrary';

const SEED = 20240501;
const SAMPLES = 300;

interface Sample {
  readonly model: RunbookDocumentModel;
  readonly text: string;
}

function blocksOf(model: RunbookDocumentModel): Block[] {
  const entries = model.unclosedFence === null ? model.entries : [...model.entries, model.unclosedFence];
  return entries.map((e) => e.block);
}

function fencesOf(model: RunbookDocumentModel): FencedBlock[] {
  return blocksOf(model).filter((b): b is FencedBlock => b.kind === 'fence');
}

function hasMarkdown(model: RunbookDocumentModel, kind: MarkdownKind, test: (lines: readonly string[]) => boolean = () => true): boolean {
  return blocksOf(model).some((b) => b.kind === kind && test(b.lines));
}

const anyFence = (model: RunbookDocumentModel, test: (f: FencedBlock) => boolean): boolean => fencesOf(model).some(test);

/** Lines that look like a fence of `char` shorter than `length` (content, not a closing fence). */
const shorterFenceLine = (f: FencedBlock): boolean =>
  f.content.some((l) => {
    const run = /^ {0,3}([`~]{3,})/.exec(l)?.[1];
    return run !== undefined && run[0] === f.char && run.length < f.length;
  });

const FEATURES: Record<string, (s: Sample) => boolean> = {
  'LF-only document': ({ text }) => text.includes('\n') && !text.includes('\r'),
  'CRLF-only document': ({ text }) => /\r\n/.test(text) && !/(?<!\r)\n/.test(text) && !/\r(?!\n)/.test(text),
  'mixed CRLF and LF': ({ text }) => /\r\n/.test(text) && /(?<!\r)\n/.test(text),
  'lone CR': ({ text }) => /\r(?!\n)/.test(text),
  'UTF-8 BOM': ({ text }) => text.startsWith(BOM),
  'no final newline': ({ text }) => text !== '' && !/[\r\n]$/.test(text),
  'empty document': ({ text }) => text === '',
  'whitespace-only document': ({ text }) => /^[ \t\r\n]+$/.test(text),
  'valid front matter': ({ model, text }) => model.frontMatter?.kind === 'valid' && /^\uFEFF?---\r?\n/.test(text),
  'invalid YAML front matter': ({ model }) => model.frontMatter?.kind === 'invalid',
  'empty front matter': ({ model }) => model.frontMatter?.kind === 'empty',
  'unclosed front matter': ({ model }) => model.frontMatter?.kind === 'unclosed',
  'front matter with CRLF': ({ model, text }) => model.frontMatter !== null && /^\uFEFF?---\r\n/.test(text),
  'secret parameter': ({ text }) => text.includes('secret: true'),
  'front matter directly followed by a fence': ({ model }) => {
    const first = model.entries[0] ?? model.unclosedFence;
    return model.frontMatter !== null && first !== undefined && first !== null && first.before.length === 0 && first.block.kind === 'fence';
  },
  'backtick fence': ({ model }) => anyFence(model, (f) => f.char === '`'),
  'tilde fence': ({ text }) => /^ {0,3}~~~/m.test(text),
  'fence of 4+ characters': ({ text }) => /^ {0,3}(````|~~~~)/m.test(text),
  'indented fence (1-3 spaces)': ({ text }) => /^ {1,3}(```|~~~)/m.test(text),
  'fence without language or attributes': ({ model }) =>
    anyFence(model, (f) => f.info.language === '' && f.info.attributeStyle === 'none'),
  'fence with language only': ({ model }) => anyFence(model, (f) => f.info.language !== '' && f.info.attributeStyle === 'none'),
  'fence with JSON attributes': ({ text }) => /^ {0,3}(```|~~~)[a-z-]* ?\{"/m.test(text),
  'fence with malformed attributes': ({ model }) => anyFence(model, (f) => f.info.attributeStyle === 'malformed'),
  'fence with non-JSON info text': ({ model }) => anyFence(model, (f) => f.info.attributeStyle === 'text'),
  'sh cell': ({ text }) => /^ {0,3}(```|~~~) ?sh\b/m.test(text),
  'bash cell': ({ text }) => /^ {0,3}(```|~~~) ?bash\b/m.test(text),
  'logs-insights cell': ({ text }) => /^ {0,3}(```|~~~) ?logs-insights\b/m.test(text),
  'content with a shorter fence of the same character': ({ model }) => anyFence(model, shorterFenceLine),
  'tilde fence containing a backtick fence': ({ model }) => anyFence(model, (f) => f.char === '~' && f.content.some((l) => l.startsWith('```'))),
  'empty fenced block': ({ model }) => anyFence(model, (f) => f.closing !== null && f.content.length === 0),
  'fenced block with a single empty line': ({ model }) => anyFence(model, (f) => f.content.length === 1 && f.content[0] === ''),
  'closing fence longer than opening': ({ model }) => anyFence(model, (f) => (f.closing?.extraLength ?? 0) > 0),
  'closing fence with trailing whitespace': ({ model }) => anyFence(model, (f) => (f.closing?.trailing ?? '') !== ''),
  'indented closing fence': ({ model }) => anyFence(model, (f) => (f.closing?.indent ?? 0) > 0),
  'unclosed fence at end of document': ({ model }) => model.unclosedFence !== null,
  'unclosed fence without final newline': ({ model }) => model.unclosedFence !== null && !model.finalNewline,
  'document ending right after a closing fence without newline': ({ model, text }) => {
    const last = model.entries[model.entries.length - 1];
    return model.unclosedFence === null && model.trailing.length === 0 && !model.finalNewline && last?.block.kind === 'fence' && !/[\r\n]$/.test(text);
  },
  'two adjacent fences': ({ model }) =>
    model.entries.some((e, i) => i > 0 && e.before.length === 0 && e.block.kind === 'fence' && model.entries[i - 1]?.block.kind === 'fence'),
  'ATX heading': ({ model }) => hasMarkdown(model, 'atx-heading'),
  'setext heading': ({ model }) => hasMarkdown(model, 'setext-heading'),
  'paragraph with inline code': ({ model }) => hasMarkdown(model, 'paragraph', (ls) => ls.some((l) => /`[^`]+`/.test(l))),
  'paragraph with a link': ({ model }) => hasMarkdown(model, 'paragraph', (ls) => ls.some((l) => /\]\(/.test(l))),
  'unicode text': ({ text }) => /[^\x00-\x7f\uFEFF]/.test(text),
  'list with a fence in an item': ({ model }) => hasMarkdown(model, 'list', (ls) => ls.some((l) => /^ +(```|~~~)/.test(l))),
  'blockquote with a fence': ({ model }) => hasMarkdown(model, 'blockquote', (ls) => ls.some((l) => /^> ?(```|~~~)/.test(l))),
  'GFM table with an escaped pipe': ({ model }) => hasMarkdown(model, 'table', (ls) => ls.some((l) => l.includes('\\|'))),
  'HTML comment': ({ model }) => hasMarkdown(model, 'html-comment'),
  'HTML comment containing a fence': ({ model }) => hasMarkdown(model, 'html-comment', (ls) => ls.some((l) => /^(```|~~~)/.test(l))),
  'HTML <details> around a fence': ({ model }) => hasMarkdown(model, 'html-block', (ls) => ls[0] === '<details>'),
  'thematic break': ({ model }) => hasMarkdown(model, 'thematic-break'),
  'indented code block': ({ model }) => hasMarkdown(model, 'indented-code'),
  'indented code block with fence-like lines': ({ model }) => hasMarkdown(model, 'indented-code', (ls) => ls.some((l) => /^\s+(```|~~~)/.test(l))),
  'link reference definitions': ({ model }) => hasMarkdown(model, 'link-definitions'),
  'whitespace-only line between pieces': ({ model }) => model.entries.some((e) => e.before.some((l) => l !== '')),
  'many blank lines between pieces': ({ model }) => model.entries.some((e) => e.before.length >= 4),
  'trailing spaces on a markdown line': ({ model }) =>
    blocksOf(model).some((b) => b.kind !== 'fence' && b.lines.some((l) => /\S[ \t]+$/.test(l))),
};

describe('markdownArbitrary (runbook document generator)', () => {
  const samples: Sample[] = fc
    .sample(runbookDocumentModelArbitrary(), { seed: SEED, numRuns: SAMPLES })
    .map((model) => ({ model, text: renderRunbookDocument(model) }));

  it(`covers every tricky case within ${SAMPLES} samples`, () => {
    const missing = Object.entries(FEATURES)
      .filter(([, has]) => !samples.some(has))
      .map(([name]) => name);
    assert.deepEqual(missing, [], `features never generated: ${missing.join(', ')}`);
  });

  it('is deterministic for a given seed', () => {
    const a = fc.sample(runbookDocumentArbitrary(), { seed: SEED, numRuns: 20 });
    const b = fc.sample(runbookDocumentArbitrary(), { seed: SEED, numRuns: 20 });
    assert.deepEqual(a, b);
  });

  it('renders text that agrees with the model', () => {
    fc.assert(
      fc.property(runbookDocumentModelArbitrary(), (model) => {
        const text = renderRunbookDocument(model);
        // Well-formed UTF-16 only, so string and UTF-8 bytes round-trip into each other.
        assert.equal(Buffer.from(text, 'utf8').toString('utf8'), text);
        assert.equal(text.startsWith(BOM), model.bom);
        if (model.lineEndings.mode === 'lf') assert.ok(!text.includes('\r'));
        if (model.lineEndings.mode === 'crlf') assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(text));
        const body = model.bom ? text.slice(1) : text;
        // Splitting on the generated line endings gives back the model's lines (not with
        // lone CRs: a CR ending followed by an empty line's LF reads as one CRLF).
        if (model.lineEndings.cycle.includes('\r')) return;
        const lines = documentLines(model);
        const split = body === '' ? [] : body.split(/\r\n|\r|\n/);
        if (model.finalNewline && split.length > 0) assert.equal(split.pop(), '');
        if (lines.length > 0 && !model.finalNewline && lines[lines.length - 1] === '') {
          // An empty last line without its ending leaves no trace in the text.
          lines.pop();
          if (split[split.length - 1] === '') split.pop();
        }
        assert.deepEqual(split, lines);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('generates fences whose content never closes them and whose info strings are valid', () => {
    fc.assert(
      fc.property(fencedBlockArbitrary(), (fence) => {
        for (const line of fence.content) assert.ok(!closesFence(line, fence.char, fence.length), JSON.stringify(line));
        const [opening, ...rest] = renderFencedBlock(fence);
        assert.ok(opening !== undefined && /^ {0,3}(```|~~~)/.test(opening));
        // A backtick fence's info string may not contain a backtick.
        if (fence.char === '`') assert.ok(!opening.trimStart().replace(/^`+/, '').includes('`'), opening);
        const closing = rest[rest.length - 1];
        assert.ok(closing !== undefined && closesFence(closing, fence.char, fence.length), JSON.stringify(closing));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('only leaves the final fence unclosed', () => {
    for (const { model } of samples) {
      for (const { block } of model.entries) assert.ok(block.kind !== 'fence' || block.closing !== null);
      if (model.unclosedFence !== null) assert.equal(model.unclosedFence.block.closing, null);
    }
  });
});
