/**
 * CIS 1.14 / IAM.3: no IAM user has an active access key last rotated more than 90
 * days ago. One piece of evidence per key; inactive keys are listed but pass. The
 * root account's keys are item "No root access keys", not this one.
 */
import { failedOutcome, type Check } from '../checkOutcome';
import { credentialReport } from '../credentialReport';
import type { Evidence } from '../model';

const DAY_MS = 86_400_000;
export const MAX_KEY_AGE_DAYS = 90;

function ageText(days: number): string {
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

export const checkAccessKeys: Check = async (context) => {
  let report;
  try {
    report = await credentialReport(context);
  } catch (error) {
    return failedOutcome(error, context);
  }
  const now = context.now.getTime();
  const evidence: Evidence[] = [];
  if (report.generatedAt) {
    const minutes = Math.max(0, Math.round((now - report.generatedAt.getTime()) / 60_000));
    evidence.push({ label: 'credential report', value: `generated ${report.generatedAt.toISOString()} (${minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`} old; AWS reuses a report for up to 4 h)` });
  }
  const old: string[] = [];
  let active = 0;
  for (const row of report.rows) {
    if (row.user === '<root_account>') continue;
    for (const n of [1, 2]) {
      const rotated = row[`access_key_${n}_last_rotated`];
      if (!rotated || rotated === 'N/A' || rotated === 'not_supported') continue;
      const at = Date.parse(rotated);
      if (Number.isNaN(at)) continue;
      const ageMs = now - at;
      const days = Math.floor(ageMs / DAY_MS);
      const label = `${row.user} key ${n}`;
      if (row[`access_key_${n}_active`] !== 'true') {
        evidence.push({ label, value: `inactive · last rotated ${rotated.slice(0, 10)} (${ageText(days)})`, status: 'pass' });
        continue;
      }
      active++;
      const tooOld = ageMs > MAX_KEY_AGE_DAYS * DAY_MS;
      if (tooOld) old.push(`${label} (${days} days)`);
      evidence.push({ label, value: `active · last rotated ${rotated.slice(0, 10)} (${ageText(days)})`, status: tooOld ? 'fail' : 'pass' });
    }
  }
  if (old.length > 0) return { status: 'fail', reason: `${old.length} active key${old.length === 1 ? '' : 's'} older than ${MAX_KEY_AGE_DAYS} days: ${old.join(', ')}`, evidence };
  return { status: 'pass', reason: active === 0 ? 'no active IAM user access keys' : `all ${active} active key${active === 1 ? '' : 's'} rotated within ${MAX_KEY_AGE_DAYS} days`, evidence };
};
