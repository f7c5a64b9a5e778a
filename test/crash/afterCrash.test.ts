import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { verifyJournalFile } from '../../src/records/journalReader';
import { workspaceFolder } from '../integration/support/notebooks';

/** Phase 2, in a fresh extension host on the same workspace: the journal survived the kill. */
describe('after the extension host was killed mid-run', () => {
  it('the journal verifies and holds every entry of the finished cell and the start of the interrupted one', async () => {
    assert.ok(existsSync(path.join(workspaceFolder(), 'killed-at.txt')), 'phase 1 did not reach the kill');
    const folder = path.join(workspaceFolder(), '.security-runbooks/records');
    const [journal] = readdirSync(folder).filter((name) => name.startsWith('crash-') && name.endsWith('.jsonl'));
    assert.ok(journal, 'no journal was written');
    const file = path.join(folder, journal);
    const verified = await verifyJournalFile(file);
    assert.equal(verified.ok, true, JSON.stringify(verified));
    const entries = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { type: string; cell?: { name: string }; output?: string });
    const finishedEnd = entries.find((e) => e.type === 'cell.end' && e.cell?.name === 'finished');
    assert.match(finishedEnd?.output ?? '', /finished before the crash/);
    assert.ok(entries.some((e) => e.type === 'cell.start' && e.cell?.name === 'interrupted'), 'the interrupted cell start is recorded');
    assert.ok(!entries.some((e) => e.type === 'cell.end' && e.cell?.name === 'interrupted'), 'an end was recorded for a cell that never ended');
  });
});
