import * as assert from 'node:assert/strict';
import { decideDefaultProfile, sameDefault } from '../../src/aws/defaultProfile';
import type { AwsProfile } from '../../src/aws/profiles';

const profile = (name: string, region?: string): AwsProfile => ({ name, kind: 'static', definedIn: ['config'], ...(region !== undefined ? { region } : {}) });
const PROFILES = [profile('demo', 'us-east-1'), profile('no-region'), profile('odd-region', 'mars-north-1x'), profile('padded', ' eu-west-1 ')];

describe('the default profile setting (securityRunbooks.defaultProfile)', () => {
  it('empty, blank or not a string: nothing is chosen', () => {
    for (const setting of ['', '   ', undefined, null, 42, ['demo']]) assert.deepEqual(decideDefaultProfile(setting, PROFILES), { kind: 'none' }, String(setting));
  });

  it('a profile that names a region is used with that region', () => {
    assert.deepEqual(decideDefaultProfile('demo', PROFILES), { kind: 'use', profile: 'demo', region: 'us-east-1' });
    assert.deepEqual(decideDefaultProfile('  demo ', PROFILES), { kind: 'use', profile: 'demo', region: 'us-east-1' }, 'surrounding spaces in the setting');
    assert.deepEqual(decideDefaultProfile('padded', PROFILES), { kind: 'use', profile: 'padded', region: 'eu-west-1' });
  });

  it('a profile without a (valid) region: the region is asked for, never defaulted', () => {
    assert.deepEqual(decideDefaultProfile('no-region', PROFILES), { kind: 'ask-region', profile: 'no-region' });
    assert.deepEqual(decideDefaultProfile('odd-region', PROFILES), { kind: 'ask-region', profile: 'odd-region' });
  });

  it('a profile not in the shared files is missing; names match exactly', () => {
    assert.deepEqual(decideDefaultProfile('prod', PROFILES), { kind: 'missing', profile: 'prod' });
    assert.deepEqual(decideDefaultProfile('Demo', PROFILES), { kind: 'missing', profile: 'Demo' });
    assert.deepEqual(decideDefaultProfile('demo', []), { kind: 'missing', profile: 'demo' });
  });

  it('sameDefault compares kind, profile and region', () => {
    assert.ok(sameDefault({ kind: 'none' }, { kind: 'none' }));
    assert.ok(sameDefault({ kind: 'use', profile: 'a', region: 'us-east-1' }, { kind: 'use', profile: 'a', region: 'us-east-1' }));
    assert.ok(!sameDefault({ kind: 'use', profile: 'a', region: 'us-east-1' }, { kind: 'use', profile: 'a', region: 'eu-west-1' }));
    assert.ok(!sameDefault({ kind: 'ask-region', profile: 'a' }, { kind: 'missing', profile: 'a' }));
  });
});
