import type { AwsProfile } from './profiles';
import { isRegionId } from './regions';

/**
 * What the `securityRunbooks.defaultProfile` setting means for a runbook (or the
 * Compliance view) with no profile chosen yet:
 * - `none`: the setting is empty; nothing is chosen.
 * - `use`: the profile exists and names a region: used as if chosen.
 * - `ask-region`: the profile exists but names no region (or no valid one): the
 *   region is asked for when the profile is needed, never defaulted.
 * - `missing`: no such profile in the shared files; nothing is chosen.
 */
export type DefaultProfile =
  | { kind: 'none' }
  | { kind: 'use'; profile: string; region: string }
  | { kind: 'ask-region'; profile: string }
  | { kind: 'missing'; profile: string };

export function decideDefaultProfile(setting: unknown, profiles: readonly AwsProfile[]): DefaultProfile {
  const name = typeof setting === 'string' ? setting.trim() : '';
  if (!name) return { kind: 'none' };
  const profile = profiles.find((p) => p.name === name);
  if (!profile) return { kind: 'missing', profile: name };
  const region = profile.region?.trim();
  return region && isRegionId(region) ? { kind: 'use', profile: name, region } : { kind: 'ask-region', profile: name };
}

export function sameDefault(a: DefaultProfile, b: DefaultProfile): boolean {
  return a.kind === b.kind && (a as { profile?: string }).profile === (b as { profile?: string }).profile && (a as { region?: string }).region === (b as { region?: string }).region;
}
