import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseRunbook } from '../../src/runbook/parse';
import { serializeRunbook } from '../../src/runbook/serialize';
import { runbookDocumentArbitrary } from './support/markdownArbitrary';
import { cloneShape, openAsNotebook, saveNotebook } from './support/runbookBuilder';

// Fixed seed: a failure reproduces on every machine; fast-check prints the counterexample.
const SEED = 20261129;

describe('runbook format: properties over generated documents', function () {
  this.timeout(60_000);

  it('round-trips 1,000 generated documents byte for byte', () => {
    fc.assert(
      fc.property(runbookDocumentArbitrary(), (text) => {
        assert.equal(serializeRunbook(parseRunbook(text)), text);
        assert.equal(saveNotebook(cloneShape(openAsNotebook(text))), text);
      }),
      { numRuns: 1000, seed: SEED },
    );
  });

  it('changes only the edited cell: the text before and after it is untouched', () => {
    fc.assert(
      fc.property(runbookDocumentArbitrary(), fc.nat(), fc.string({ minLength: 1, maxLength: 20 }), (text, pick, addition) => {
        const shape = openAsNotebook(text);
        if (shape.cells.length === 0) return;
        const index = pick % shape.cells.length;
        const before = saveNotebook({ ...shape, cells: shape.cells.slice(0, index) });
        const edited = cloneShape(shape);
        const suffix = addition.replace(/[\r\n`~]/g, 'x');
        edited.cells[index]!.value += suffix;
        const saved = saveNotebook(edited);
        // Cells before the edited one are byte-identical.
        assert.ok(saved.startsWith(before), 'bytes before the edited cell changed');
        // Cells after it are byte-identical too (compare the serialization of the tail).
        const original = saveNotebook(shape);
        const tailLength = original.length - saveNotebook({ ...shape, cells: shape.cells.slice(0, index + 1) }).length;
        if (tailLength > 0) assert.equal(saved.slice(saved.length - tailLength), original.slice(original.length - tailLength));
        // The edit is there when the file is read again.
        assert.ok(saved.includes(suffix));
      }),
      { numRuns: 500, seed: SEED },
    );
  });

  it('never throws or hangs on arbitrary text, including control characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        assert.equal(serializeRunbook(parseRunbook(text)), text);
      }),
      { numRuns: 2000, seed: SEED },
    );
  });
});
