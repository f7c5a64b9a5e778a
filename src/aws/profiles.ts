import { homedir } from 'node:os';
import * as path from 'node:path';
import { readFileSync } from 'node:fs';
import { CONFIG_PREFIX_SEPARATOR, loadSharedConfigFiles } from '@smithy/core/config';

/** How a profile gets its credentials, as far as the files say. */
export type ProfileKind = 'static' | 'assume-role' | 'process' | 'sso' | 'web-identity' | 'other';

/** A named profile from the shared config and credentials files. Never holds secret values. */
export interface AwsProfile {
  name: string;
  kind: ProfileKind;
  region?: string;
  /** `endpoint_url` of the profile (LocalStack, moto): every client of this profile uses it. */
  endpointUrl?: string;
  mfaSerial?: string;
  roleArn?: string;
  sourceProfile?: string;
  ssoStartUrl?: string;
  /** Which file(s) define the profile. */
  definedIn: ('config' | 'credentials')[];
}

export interface SharedFilePaths {
  configFile: string;
  credentialsFile: string;
}

/** The shared file paths, honouring AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE as the SDK and CLI do. */
export function sharedFilePaths(env: NodeJS.ProcessEnv = process.env): SharedFilePaths {
  const home = env.HOME || env.USERPROFILE || homedir();
  return {
    configFile: env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config'),
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials'),
  };
}

/**
 * Lists the profiles of the shared files, parsed by the SDK's own loader (so
 * `[profile x]` sections, comments and continuation lines mean what they mean to
 * the SDK). Missing files give no profiles; unreadable ones are reported.
 */
export async function listProfiles(paths: SharedFilePaths = sharedFilePaths()): Promise<ProfileListing> {
  const { configFile, credentialsFile } = await loadSharedConfigFiles({
    configFilepath: paths.configFile,
    filepath: paths.credentialsFile,
    ignoreCache: true,
  });
  // The loader also returns `sso-session.x` and `services.x` sections; they are not profiles.
  const isProfile = (name: string) => !name.includes(CONFIG_PREFIX_SEPARATOR);
  const names = new Set([...Object.keys(configFile), ...Object.keys(credentialsFile)].filter(isProfile));
  const warnings = [...malformedLines(paths.configFile), ...malformedLines(paths.credentialsFile)];
  const profiles = [...names].sort(byDefaultFirst).map((name) => {
    const config = configFile[name] ?? {};
    const credentials = credentialsFile[name] ?? {};
    const merged: Record<string, string | undefined> = { ...config, ...credentials };
    const definedIn: AwsProfile['definedIn'] = [];
    if (configFile[name]) definedIn.push('config');
    if (credentialsFile[name]) definedIn.push('credentials');
    return withoutUndefined({
      name,
      kind: profileKind(merged),
      region: merged.region,
      endpointUrl: merged.endpoint_url,
      mfaSerial: merged.mfa_serial,
      roleArn: merged.role_arn,
      sourceProfile: merged.source_profile,
      ssoStartUrl: merged.sso_start_url,
      definedIn,
    });
  });
  return { profiles, warnings };
}

export interface ProfileListing {
  profiles: AwsProfile[];
  /** Lines of the shared files the SDK will ignore, with where they are (e.g. an unclosed `[profile x`). */
  warnings: string[];
}

/**
 * The SDK's loader silently skips lines it cannot read; a user whose profile
 * "disappeared" deserves to know why. Reports unclosed section headers and lines
 * that are neither a section, a setting, a comment nor a continuation.
 */
function malformedLines(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const warnings: string[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    if (trimmed.startsWith('[') && !trimmed.endsWith(']')) warnings.push(`${file}:${index + 1}: section header is not closed: ${trimmed}`);
    else if (!trimmed.startsWith('[') && !trimmed.includes('=') && !/^\s/.test(line)) warnings.push(`${file}:${index + 1}: not a "key = value" line (not shown: it may hold a secret)`);
  });
  return warnings;
}

/** The profile the environment selects (AWS_PROFILE), if any. */
export function environmentProfile(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || undefined;
}

function profileKind(values: Record<string, string | undefined>): ProfileKind {
  if (values.role_arn && values.web_identity_token_file) return 'web-identity';
  if (values.role_arn) return 'assume-role';
  if (values.sso_session || values.sso_start_url) return 'sso';
  if (values.credential_process) return 'process';
  if (values.aws_access_key_id) return 'static';
  return 'other';
}

function byDefaultFirst(a: string, b: string): number {
  if (a === 'default') return -1;
  if (b === 'default') return 1;
  return a.localeCompare(b);
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
