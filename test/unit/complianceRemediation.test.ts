import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { COMPLIANCE_ITEMS, KNOWN_CONTROL_IDS, complianceItem } from '../../src/compliance/catalog';
import { findRemediationCell, type RunbookText } from '../../src/compliance/remediation';
import { toNotebookShape } from '../../src/runbook/notebookShape';
import { parseRunbook } from '../../src/runbook/parse';
import { assessCellRisk } from '../../src/runbook/risk';
import { runbooksDir } from './support/paths';

const guardDuty = complianceItem('guardduty');

function fence(attributes: Record<string, unknown>, body: string, language = 'sh'): string {
  return `\`\`\`${language} ${JSON.stringify(attributes)}\n${body}\n\`\`\`\n`;
}

function shippedRunbooks(): RunbookText[] {
  return readdirSync(runbooksDir)
    .filter((name) => name.endsWith('.runbook.md'))
    .sort()
    .map((name) => ({ uri: `file://${path.join(runbooksDir, name)}`, text: readFileSync(path.join(runbooksDir, name), 'utf8') }));
}

describe('remediation cell lookup', () => {
  it('prefers the cell the catalog names, then a cell that changes something, then any cell naming a control', () => {
    const look = fence({ name: 'list-detectors', risk: 'read', controls: ['GuardDuty.1'] }, 'aws guardduty list-detectors');
    const change = fence({ name: 'turn-it-on', controls: ['GuardDuty.1'] }, 'aws guardduty create-detector --enable');
    const named = fence({ name: 'enable-guardduty', risk: 'mutating', controls: ['GuardDuty.1'] }, 'aws guardduty create-detector --enable');
    const text = `# GuardDuty\n\nIntro.\n\n${look}\nThen:\n\n${change}\n${named}`;
    assert.deepEqual(findRemediationCell([{ uri: 'a', text }], guardDuty), { uri: 'a', cellIndex: 4, cellName: 'enable-guardduty' });
    const withoutNamed = `# GuardDuty\n\n${look}\n${change}`;
    assert.deepEqual(findRemediationCell([{ uri: 'b', text: withoutNamed }], guardDuty), { uri: 'b', cellIndex: 2, cellName: 'turn-it-on' });
    assert.deepEqual(findRemediationCell([{ uri: 'c', text: look }], guardDuty), { uri: 'c', cellIndex: 0, cellName: 'list-detectors' });
  });

  it('counts markdown cells as the notebook does', () => {
    const text = `---\ntitle: t\n---\n\nPara one.\n\n${fence({ name: 'x' }, 'echo')}\nPara two.\n\n${fence({ name: 'enable-guardduty', controls: ['GuardDuty.1'] }, 'aws guardduty create-detector --enable')}`;
    const found = findRemediationCell([{ uri: 'u', text }], guardDuty)!;
    const cells = toNotebookShape(parseRunbook(text)).cells;
    assert.equal(cells[found.cellIndex]!.kind, 'code');
    assert.equal(cells[found.cellIndex]!.metadata.attributes?.name, 'enable-guardduty');
    assert.equal(found.cellIndex, 3);
  });

  it('ignores a cell with the catalog name whose controls do not match, and takes any cell kind that cites a control', () => {
    const wrongControls = fence({ name: 'enable-guardduty', risk: 'mutating', controls: ['CIS 3.1'] }, 'aws guardduty create-detector --enable');
    const findings = fence({ name: 'findings', controls: ['GuardDuty.1'] }, 'ComplianceStatus = FAILED', 'securityhub');
    assert.deepEqual(findRemediationCell([{ uri: 'a', text: wrongControls + '\n' + findings }], guardDuty), { uri: 'a', cellIndex: 1, cellName: 'findings' });
    assert.equal(findRemediationCell([{ uri: 'a', text: wrongControls }], guardDuty), undefined);
  });

  it('searches runbooks in the order given, the catalog name first across all of them', () => {
    const generic = { uri: 'workspace', text: fence({ name: 'gd', risk: 'mutating', controls: ['GuardDuty.1'] }, 'aws guardduty create-detector --enable') };
    const named = { uri: 'shipped', text: fence({ name: 'enable-guardduty', controls: ['GuardDuty.1'] }, 'aws guardduty create-detector --enable') };
    assert.equal(findRemediationCell([generic, named], guardDuty)?.uri, 'shipped');
    assert.equal(findRemediationCell([named, { ...named, uri: 'second' }], guardDuty)?.uri, 'shipped');
  });

  it('names an unnamed cell by its position', () => {
    const text = `Intro\n\n${fence({ controls: ['GuardDuty.1'] }, 'aws guardduty create-detector --enable')}`;
    assert.deepEqual(findRemediationCell([{ uri: 'u', text }], guardDuty), { uri: 'u', cellIndex: 1, cellName: 'cell 2' });
  });

  it('skips malformed runbooks and odd attributes without throwing', () => {
    const broken = [
      { uri: 'bad-json', text: '```sh {"name":"enable-guardduty","controls":["GuardDuty.1"]\naws guardduty create-detector\n```\n' },
      { uri: 'controls-not-list', text: fence({ name: 'enable-guardduty', controls: 'GuardDuty.1' }, 'x') },
      { uri: 'controls-odd', text: fence({ name: 'enable-guardduty', controls: [1, null, { a: 1 }] }, 'x') },
      { uri: 'bad-front-matter', text: '---\n: : [\n---\n' },
      { uri: 'not-text', text: undefined as unknown as string },
      null as unknown as RunbookText,
    ];
    assert.equal(findRemediationCell(broken, guardDuty), undefined);
    fc.assert(
      fc.property(fc.array(fc.record({ uri: fc.string(), text: fc.string() }), { maxLength: 4 }), (runbooks) => {
        findRemediationCell(runbooks, guardDuty);
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });
});

describe('shipped runbooks and the compliance catalog', () => {
  const runbooks = shippedRunbooks();

  it('have, for every checklist item, the cell the catalog names, citing the item\'s controls', () => {
    for (const item of COMPLIANCE_ITEMS) {
      const found = findRemediationCell(runbooks, item);
      assert.ok(found, `no remediation cell for ${item.id}`);
      assert.equal(found.cellName, item.remediationCell, item.id);
      const cell = toNotebookShape(parseRunbook(runbooks.find((r) => r.uri === found.uri)!.text)).cells[found.cellIndex]!;
      assert.deepEqual([...(cell.metadata.attributes?.controls ?? [])].sort(), [...item.controls].sort(), `${item.remediationCell} cites exactly ${item.controls.join(', ')}`);
    }
  });

  // Every id a shipped cell cites is checked against the catalog plus a named allow-list (EKS.8, CloudWatch.16, ...) in runbookLibrary.test.ts.
  it('cite only the catalog\'s control ids in a cell that fixes a checklist item, and every declared risk holds (none is overridden by what the commands do)', () => {
    for (const runbook of runbooks) {
      for (const cell of toNotebookShape(parseRunbook(runbook.text)).cells) {
        if (cell.kind !== 'code') continue;
        const attributes = cell.metadata.attributes ?? {};
        const controls = attributes.controls ?? [];
        if (controls.some((control) => KNOWN_CONTROL_IDS.has(control))) {
          for (const control of controls) assert.ok(KNOWN_CONTROL_IDS.has(control), `${attributes.name}: unknown control ${control}`);
        }
        assert.deepEqual(cell.metadata.problems ?? [], [], `${attributes.name}`);
        if (attributes.risk !== undefined) {
          const assessment = assessCellRisk({ languageId: cell.languageId, source: cell.value, attributes });
          assert.ok('risk' in assessment && assessment.source === 'attribute' && assessment.risk === attributes.risk, `${attributes.name}: ${JSON.stringify(assessment)}`);
        }
      }
    }
  });

  it('fix with a mutating cell where a CLI can, and only look where the console must (root MFA, root keys)', () => {
    const riskOf = (name: string) => {
      for (const runbook of runbooks) {
        const cell = toNotebookShape(parseRunbook(runbook.text)).cells.find((c) => c.metadata.attributes?.name === name);
        if (cell) return cell.metadata.attributes?.risk;
      }
      return undefined;
    };
    for (const item of COMPLIANCE_ITEMS) {
      const expected = item.id === 'root-mfa' || item.id === 'root-access-keys' ? 'read' : 'mutating';
      assert.equal(riskOf(item.remediationCell), expected, item.remediationCell);
    }
  });
});
