import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { OutputDigest } from '../../src/records/outputDigest';

describe('output digest', () => {
  it('hashes and counts the whole output but keeps only a bounded head', () => {
    const digest = new OutputDigest(10);
    const chunks = ['héllo ', 'wörld, ', 'and more and more'];
    chunks.forEach((chunk) => digest.add(chunk));
    const full = chunks.join('');
    const result = digest.finish();
    assert.equal(result.text, full.slice(0, 10));
    assert.equal(result.truncated, true);
    assert.equal(result.bytes, Buffer.byteLength(full));
    assert.equal(result.sha256, createHash('sha256').update(full).digest('hex'));
  });

  it('keeps a short output whole', () => {
    const digest = new OutputDigest();
    digest.add('ok\n');
    assert.deepEqual({ ...digest.finish(), sha256: '' }, { text: 'ok\n', truncated: false, bytes: 3, sha256: '' });
  });
});
