/**
 * IAM account facts moto cannot express (query protocol, XML): the root user's MFA
 * and access keys, and access keys older than the test run. The proxy forwards the
 * caller's request to moto, then rewrites moto's answer:
 * - GetAccountSummary: `AccountMFAEnabled` / `AccountAccessKeysPresent` become 1 or 0
 *   per `setRoot` (moto always answers 0; unset keeps moto's 0).
 * - GenerateCredentialReport: passed on; the time it answers STARTED (or COMPLETE,
 *   when no time is known yet) is the report's generation time, since AWS hands out
 *   the existing report until it is four hours old.
 * - GetCredentialReport: `GeneratedTime` becomes that time (moto: a fixed 2015 date),
 *   a `<root_account>` row is added first as AWS does (moto has none), and
 *   `access_key_N_last_rotated` of backdated keys is moved into the past. Whether a
 *   key is active stays moto's (UpdateAccessKey works there).
 * This state is not per account: it applies to every account moto holds.
 */
import type { MotoCaller } from './motoCalls';
import { RawAnswer } from './wire';

export interface RootAccount {
  mfaEnabled?: boolean;
  accessKeysPresent?: boolean;
}

type QueryParams = Record<string, string>;

const DAY_MS = 24 * 3600 * 1000;

/** The (made-up) day the account, hence its root user, was created; and its root key. */
const ROOT_CREATED = '2019-03-04T09:15:27+00:00';
const ROOT_KEY_ROTATED = '2019-03-04T09:32:05+00:00';

/** `2024-05-01T10:00:00Z`: an ISO time without milliseconds, as IAM's XML spells it. */
function isoSeconds(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** A credential report time: `2024-05-01T10:00:00+00:00`. */
export function reportTime(epochMs: number): string {
  return isoSeconds(epochMs).replace(/Z$/, '+00:00');
}

/** The root row AWS puts first in the report; the columns are the 22 of the header. */
function rootRow(account: string, root: RootAccount): string {
  const key = root.accessKeysPresent ? ['true', ROOT_KEY_ROTATED, 'N/A', 'N/A', 'N/A'] : ['false', 'N/A', 'N/A', 'N/A', 'N/A'];
  return [
    '<root_account>',
    `arn:aws:iam::${account}:root`,
    ROOT_CREATED,
    'not_supported', // password_enabled
    'no_information', // password_last_used
    'not_supported', // password_last_changed
    'not_supported', // password_next_rotation
    root.mfaEnabled ? 'true' : 'false',
    ...key, // access_key_1_*
    'false', 'N/A', 'N/A', 'N/A', 'N/A', // access_key_2_*
    'false', 'N/A', 'false', 'N/A', // cert_1_*, cert_2_*
  ].join(',');
}

function setXmlValue(xml: string, tag: string, value: string): string {
  return xml.replace(new RegExp(`<${tag}>[^<]*</${tag}>`), `<${tag}>${value}</${tag}>`);
}

/** `<entry><key>AccountMFAEnabled</key><value>0</value></entry>` → 1 or 0; unchanged when `on` is unset. */
function setSummaryFlag(xml: string, key: string, on: boolean | undefined): string {
  return on === undefined ? xml : xml.replace(new RegExp(`(<key>${key}</key><value>)\\d+(</value>)`), `$1${on ? 1 : 0}$2`);
}

export class IamAccount {
  private root: RootAccount = {};
  private reportGeneratedAt: number | undefined;
  /** `user/N` → epoch ms of access_key_N_last_rotated. */
  private readonly rotatedAt = new Map<string, number>();

  /** Sets the given facts, keeping the others. */
  setRoot(root: RootAccount): void {
    const valid =
      typeof root === 'object' &&
      root !== null &&
      Object.entries(root).every(([name, value]) => ['mfaEnabled', 'accessKeysPresent'].includes(name) && (value === undefined || typeof value === 'boolean'));
    if (!valid) throw new Error(`expected {mfaEnabled?: boolean, accessKeysPresent?: boolean}, got ${JSON.stringify(root)}`);
    this.root = { ...this.root, ...Object.fromEntries(Object.entries(root).filter(([, v]) => v !== undefined)) };
  }

  /** Makes `userName`'s access key `key` (1 or 2) last rotated `daysAgo` days before now, in the credential report. */
  backdateAccessKey(userName: string, key: number, daysAgo: number): void {
    if (typeof userName !== 'string' || !userName || (key !== 1 && key !== 2) || typeof daysAgo !== 'number' || !Number.isFinite(daysAgo) || daysAgo < 0) {
      throw new Error(`expected {userName, key: 1|2, daysAgo: number ≥ 0}, got ${JSON.stringify({ userName, key, daysAgo })}`);
    }
    this.rotatedAt.set(`${userName}/${key}`, Date.now() - daysAgo * DAY_MS);
  }

  clear(): void {
    this.root = {};
    this.reportGeneratedAt = undefined;
    this.rotatedAt.clear();
  }

  async getAccountSummary(params: QueryParams, moto: MotoCaller): Promise<RawAnswer> {
    const answer = await moto.query(params);
    if (answer.status !== 200) return new RawAnswer(answer);
    const withMfa = setSummaryFlag(answer.body, 'AccountMFAEnabled', this.root.mfaEnabled);
    return new RawAnswer({ ...answer, body: setSummaryFlag(withMfa, 'AccountAccessKeysPresent', this.root.accessKeysPresent) });
  }

  async generateCredentialReport(params: QueryParams, moto: MotoCaller): Promise<RawAnswer> {
    const answer = await moto.query(params);
    const state = /<State>(\w+)<\/State>/.exec(answer.body)?.[1];
    if (answer.status === 200 && (state === 'STARTED' || (state === 'COMPLETE' && this.reportGeneratedAt === undefined))) {
      this.reportGeneratedAt = Date.now();
    }
    return new RawAnswer(answer);
  }

  async getCredentialReport(params: QueryParams, moto: MotoCaller): Promise<RawAnswer> {
    const answer = await moto.query(params);
    const content = /<Content>([^<]*)<\/Content>/.exec(answer.body)?.[1];
    if (answer.status !== 200 || content === undefined) return new RawAnswer(answer);
    const csv = this.rewriteReport(Buffer.from(content, 'base64').toString('utf8'), await callerAccount(moto));
    let xml = setXmlValue(answer.body, 'Content', Buffer.from(csv, 'utf8').toString('base64'));
    if (this.reportGeneratedAt !== undefined) xml = setXmlValue(xml, 'GeneratedTime', isoSeconds(this.reportGeneratedAt));
    return new RawAnswer({ ...answer, body: xml });
  }

  /** moto's CSV (header, one line per user) with the root row first and backdated keys. */
  private rewriteReport(csv: string, account: string): string {
    const [header = '', ...users] = csv.split('\n').filter((line) => line !== '');
    const columns = header.split(',');
    const rows = users.map((line) => this.backdated(line.split(','), columns).join(','));
    return [header, rootRow(account, this.root), ...rows].join('\n') + '\n';
  }

  private backdated(cells: string[], columns: string[]): string[] {
    for (const key of [1, 2]) {
      const at = this.rotatedAt.get(`${cells[0]}/${key}`);
      const column = columns.indexOf(`access_key_${key}_last_rotated`);
      if (at !== undefined && column >= 0 && cells[column] !== 'N/A') cells[column] = reportTime(at);
    }
    return cells;
  }
}

/** The caller's account id, from moto's STS GetCallerIdentity with the caller's credentials. */
async function callerAccount(moto: MotoCaller): Promise<string> {
  const answer = await moto.query({ Action: 'GetCallerIdentity', Version: '2011-06-15' }, 'sts');
  const account = /<Account>(\d{12})<\/Account>/.exec(answer.body)?.[1];
  if (!account) throw new Error(`moto's GetCallerIdentity answered HTTP ${answer.status}: ${answer.body.slice(0, 200)}`);
  return account;
}
