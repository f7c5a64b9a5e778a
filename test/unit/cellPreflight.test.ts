import * as assert from 'node:assert/strict';
import { preflightCell, type PreflightInput } from '../../src/cells/cellPreflight';

const base: PreflightInput = {
  source: 'aws sts get-caller-identity',
  languageId: 'shellscript',
  attributes: {},
  problems: [],
  workspaceTrusted: true,
  hasExecutor: true,
};

describe('cell preflight', () => {
  it('lets a well-formed shell cell run', () => {
    assert.deepEqual(preflightCell(base), { action: 'run' });
  });

  it('refuses every cell in an untrusted workspace, before anything else', () => {
    const result = preflightCell({ ...base, workspaceTrusted: false, problems: ['bad'], hasExecutor: false });
    assert.equal(result.action, 'refuse');
    assert.match(result.action === 'refuse' ? result.message : '', /not trusted/);
    assert.equal(result.action === 'refuse' && result.outcome, 'failed');
  });

  it('refuses a cell whose attributes did not parse, naming the problem', () => {
    const result = preflightCell({ ...base, problems: ['Cell attributes are not valid JSON'] });
    assert.equal(result.action === 'refuse' && result.outcome, 'failed');
    assert.match(result.action === 'refuse' ? result.message : '', /not valid JSON/);
  });

  it('skips (does not fail) a language with no executor, naming the language', () => {
    const result = preflightCell({ ...base, languageId: 'json', hasExecutor: false });
    assert.equal(result.action === 'refuse' && result.outcome, 'skipped');
    assert.match(result.action === 'refuse' ? result.message : '', /no executor runs `json` cells/);
  });

  it('skips an empty or blank cell with a message', () => {
    const result = preflightCell({ ...base, source: '  \n\t\n' });
    assert.equal(result.action === 'refuse' && result.outcome, 'skipped');
    assert.match(result.action === 'refuse' ? result.message : '', /empty/);
  });

  it('reads the timeout attribute, and refuses an invalid one', () => {
    assert.deepEqual(preflightCell({ ...base, attributes: { timeout: '5m' } }), { action: 'run', timeoutMs: 300_000 });
    assert.deepEqual(preflightCell({ ...base, attributes: { timeout: 30 } }), { action: 'run', timeoutMs: 30_000 });
    const bad = preflightCell({ ...base, attributes: { timeout: 'soon' } });
    assert.match(bad.action === 'refuse' ? bad.message : '', /invalid "timeout" attribute/);
  });
});
