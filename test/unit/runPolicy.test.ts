import * as assert from 'node:assert/strict';
import { decideRun, isProductionTarget, type PolicyInput } from '../../src/cells/runPolicy';

const base: PolicyInput = { risk: 'read', batch: false, production: false, readOnly: false, profile: 'demo' };

describe('run policy (guardrails)', () => {
  const table: [Partial<PolicyInput>, string][] = [
    [{ risk: 'read' }, 'run'],
    [{ risk: 'read', batch: true, production: true, readOnly: true }, 'run'],
    [{ risk: 'mutating' }, 'run'],
    [{ risk: 'mutating', batch: true }, 'confirm'],
    [{ risk: 'mutating', production: true }, 'confirm:production'],
    [{ risk: 'mutating', batch: true, production: true }, 'confirm:production'],
    [{ risk: 'destructive' }, 'confirm'],
    [{ risk: 'destructive', batch: true }, 'skip'],
    [{ risk: 'destructive', batch: true, production: true }, 'skip'],
    [{ risk: 'destructive', production: true }, 'confirmByTypingAccount'],
    [{ risk: 'mutating', readOnly: true }, 'refuse'],
    [{ risk: 'destructive', readOnly: true, production: true }, 'refuse'],
  ];
  for (const [input, expected] of table) {
    it(`${JSON.stringify(input)} → ${expected}`, () => {
      const decision = decideRun({ ...base, ...input });
      const label = decision.action === 'confirm' && decision.production ? 'confirm:production' : decision.action;
      assert.equal(label, expected);
    });
  }

  it('says why in refusals and skips', () => {
    const refused = decideRun({ ...base, risk: 'mutating', readOnly: true });
    assert.match(refused.action === 'refuse' ? refused.message : '', /profile "demo" is in read-only mode and this cell is mutating/);
    const skipped = decideRun({ ...base, risk: 'destructive', batch: true });
    assert.match(skipped.action === 'skip' ? skipped.message : '', /destructive cells never run as part of Run All/);
  });

  it('knows production from settings or the runbook targets', () => {
    const none = { productionProfiles: [], productionAccounts: [], productionEnvironments: [] };
    assert.equal(isProductionTarget({ ...none, profile: 'prod', accountId: '1', productionProfiles: ['prod'] }), true);
    assert.equal(isProductionTarget({ ...none, profile: 'x', accountId: '111122223333', productionAccounts: ['111122223333'] }), true);
    assert.equal(isProductionTarget({ ...none, profile: 'x', accountId: '1', targetEnvironment: 'production' }), true);
    assert.equal(isProductionTarget({ ...none, profile: 'x', accountId: '1', targetEnvironment: 'live', productionEnvironments: ['live'] }), true);
    assert.equal(isProductionTarget({ ...none, profile: 'x', accountId: '1', targetEnvironment: 'staging' }), false);
    assert.equal(isProductionTarget({ ...none, profile: 'x', accountId: '1' }), false);
  });
});
