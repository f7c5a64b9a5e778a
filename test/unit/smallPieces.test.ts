import * as assert from 'node:assert/strict';
import { formatDuration, parseDuration } from '../../src/cells/duration';
import { prettyJson } from '../../src/cells/prettyJson';
import { runSequence, type SequenceOutcome } from '../../src/cells/runSequence';
import { SerialQueue } from '../../src/cells/serialQueue';
import { formatFenceInfo, parseFenceInfo } from '../../src/runbook/fenceInfo';
import { readFrontMatter } from '../../src/runbook/frontMatter';
import { fenceLanguageFor, languageIdForFence } from '../../src/runbook/languages';

describe('durations', () => {
  it('reads seconds and unit forms', () => {
    assert.deepEqual(parseDuration(90), { ms: 90_000 });
    assert.deepEqual(parseDuration('90s'), { ms: 90_000 });
    assert.deepEqual(parseDuration('5m'), { ms: 300_000 });
    assert.deepEqual(parseDuration('1h30m'), { ms: 5_400_000 });
    assert.deepEqual(parseDuration('250ms'), { ms: 250 });
    assert.deepEqual(parseDuration('12'), { ms: 12_000 });
  });

  it('rejects nonsense with a message', () => {
    for (const bad of ['soon', '', -1, 0, '0s', null, true, '5 minutes']) {
      assert.ok('error' in parseDuration(bad), `accepted ${JSON.stringify(bad)}`);
    }
  });

  it('formats for people', () => {
    assert.equal(formatDuration(850), '850 ms');
    assert.equal(formatDuration(2400), '2.40 s');
    assert.equal(formatDuration(185_000), '3 min 5 s');
  });
});

describe('pretty JSON output', () => {
  it('pretty-prints a whole JSON document and leaves other text alone', () => {
    assert.equal(prettyJson('{"Account":"123456789012"}\n'), '{\n  "Account": "123456789012"\n}');
    assert.equal(prettyJson('[1,2]'), '[\n  1,\n  2\n]');
    assert.equal(prettyJson('Region: us-east-1'), undefined);
    assert.equal(prettyJson('{"a":1}\nmore text'), undefined);
  });
});

describe('run sequence', () => {
  it('runs in order and stops at the first failure, reporting what did not run', async () => {
    const ran: number[] = [];
    const outcomes: SequenceOutcome[] = ['succeeded', 'skipped', 'failed', 'succeeded'];
    const result = await runSequence(outcomes, async (outcome, index) => {
      ran.push(index);
      return outcome;
    });
    assert.deepEqual(ran, [0, 1, 2]);
    assert.deepEqual(result, { stoppedAt: 2, notRun: [3] });
  });

  it('stops at a cancelled cell too', async () => {
    const result = await runSequence(['cancelled', 'succeeded'] as SequenceOutcome[], async (outcome) => outcome);
    assert.deepEqual(result, { stoppedAt: 0, notRun: [1] });
  });
});

describe('serial queue', () => {
  it('runs tasks of one key one at a time, in order, even when one throws', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const task = (name: string, ms: number, fail = false) => async () => {
      events.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
    };
    const a = queue.enqueue('nb', task('a', 30, true));
    const b = queue.enqueue('nb', task('b', 5));
    await assert.rejects(a);
    await b;
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(events, ['start a', 'end a', 'start b', 'end b']);
    assert.equal(queue.busy('nb'), false);
  });

  it('runs different keys independently', async () => {
    const queue = new SerialQueue();
    const events: string[] = [];
    const slow = queue.enqueue('one', async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      events.push('one');
    });
    const fast = queue.enqueue('two', async () => {
      events.push('two');
    });
    await Promise.all([slow, fast]);
    assert.deepEqual(events, ['two', 'one']);
  });
});

describe('fence info', () => {
  it('splits language and JSON attributes', () => {
    assert.deepEqual(parseFenceInfo(' sh {"name":"x"} '), { language: 'sh', attributes: { name: 'x' }, problems: [] });
    assert.deepEqual(parseFenceInfo('logs-insights{"logGroups":["/aws/eks/audit"]}'), {
      language: 'logs-insights',
      attributes: { logGroups: ['/aws/eks/audit'] },
      problems: [],
    });
    assert.deepEqual(parseFenceInfo(''), { language: '', attributes: {}, problems: [] });
  });

  it('reports a JSON value that is not an object', () => {
    assert.match(parseFenceInfo('sh {"a":1} trailing').problems[0] ?? '', /not valid JSON/);
    assert.deepEqual(parseFenceInfo('sh ["a"]').attributes, {});
  });

  it('formats language and attributes', () => {
    assert.equal(formatFenceInfo('sh', { name: 'a' }), 'sh {"name":"a"}');
    assert.equal(formatFenceInfo('sh', {}), 'sh');
    assert.equal(formatFenceInfo('', { name: 'a' }), '{"name":"a"}');
  });
});

describe('front matter', () => {
  it('needs both delimiters at the start of the file', () => {
    assert.equal(readFrontMatter('---\ntitle: x\n'), undefined);
    assert.equal(readFrontMatter('\n---\ntitle: x\n---\n'), undefined);
    assert.equal(readFrontMatter('---\ntitle: x\n---\nbody')?.raw, '---\ntitle: x\n---\n');
    assert.equal(readFrontMatter('---\ntitle: x\n...\n')?.raw, '---\ntitle: x\n...\n');
  });

  it('treats empty front matter as an empty object', () => {
    assert.deepEqual(readFrontMatter('---\n---\n')?.data, {});
  });
});

describe('languages', () => {
  it('maps shell fence words to VS Code shellscript and keeps the original word', () => {
    for (const word of ['sh', 'bash', 'shell', 'zsh']) assert.equal(languageIdForFence(word), 'shellscript');
    assert.equal(languageIdForFence(''), 'plaintext');
    assert.equal(languageIdForFence('logs-insights'), 'logs-insights');
    assert.equal(fenceLanguageFor('shellscript', 'bash'), 'bash');
    assert.equal(fenceLanguageFor('shellscript', undefined), 'sh');
    assert.equal(fenceLanguageFor('python', 'bash'), 'python');
    assert.equal(fenceLanguageFor('plaintext', ''), '');
  });
});
