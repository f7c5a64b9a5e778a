/**
 * EC2 DescribeRegions (EC2 query protocol) for an account with a chosen set of
 * enabled regions. moto lists 38 regions, 14 of them `not-opted-in`, whatever the
 * account; a scan over "every enabled region" needs the account's own list.
 *
 * Once `set(regions)` is called the proxy answers itself, like AWS:
 * - without `AllRegions=true`: only the enabled regions;
 * - with `AllRegions=true`: every region moto knows (read from moto each time), the
 *   others `not-opted-in`.
 * An enabled region answers `opt-in-not-required`, or `opted-in` if moto calls it an
 * opt-in region. `RegionName.N` and `Filter.N` (`region-name`, `endpoint`,
 * `opt-in-status`) are honoured. `set(null)` (and reset) forwards to moto again.
 */
import { randomUUID } from 'node:crypto';
import type { MotoCaller } from './motoCalls';
import { AwsError, FORWARD, RawAnswer, xmlEscape, xmlResponse } from './wire';

interface RegionInfo {
  regionName: string;
  regionEndpoint: string;
  optInStatus: string;
}

type QueryParams = Record<string, string>;

const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';

/** `RegionName.1=a&RegionName.2=b` → [a, b] (any `Prefix.N` list). */
function numberedValues(params: QueryParams, prefix: string): string[] {
  return Object.entries(params)
    .filter(([key]) => new RegExp(`^${prefix.replace(/\./g, '\\.')}\\.\\d+$`).test(key))
    .map(([, value]) => value);
}

/** `Filter.N.Name` / `Filter.N.Value.M` pairs. */
function filters(params: QueryParams): { name: string; values: string[] }[] {
  return Object.entries(params)
    .map(([key, name]) => [/^Filter\.(\d+)\.Name$/.exec(key)?.[1], name] as const)
    .filter((entry): entry is readonly [string, string] => entry[0] !== undefined)
    .map(([n, name]) => ({ name, values: numberedValues(params, `Filter.${n}.Value`) }));
}

const FILTER_FIELDS: Record<string, keyof RegionInfo> = { 'region-name': 'regionName', endpoint: 'regionEndpoint', 'opt-in-status': 'optInStatus' };

function applyFilters(regions: RegionInfo[], params: QueryParams): RegionInfo[] {
  const names = numberedValues(params, 'RegionName');
  let selected = names.length ? regions.filter((r) => names.includes(r.regionName)) : regions;
  for (const filter of filters(params)) {
    const field = FILTER_FIELDS[filter.name];
    if (!field) throw new AwsError('InvalidParameterValue', `The filter '${filter.name}' is invalid`, 400);
    selected = selected.filter((r) => filter.values.includes(r[field]));
  }
  return selected;
}

function parseRegions(xml: string): RegionInfo[] {
  const field = (item: string, name: string): string => new RegExp(`<${name}>([^<]*)</${name}>`).exec(item)?.[1] ?? '';
  return [...xml.matchAll(/<item>([\s\S]*?)<\/item>/g)].map(([, item]) => ({
    regionName: field(item!, 'regionName'),
    regionEndpoint: field(item!, 'regionEndpoint'),
    optInStatus: field(item!, 'optInStatus'),
  }));
}

function renderRegions(regions: RegionInfo[]): string {
  const items = regions
    .map((r) => `<item><regionName>${xmlEscape(r.regionName)}</regionName><regionEndpoint>${xmlEscape(r.regionEndpoint)}</regionEndpoint><optInStatus>${r.optInStatus}</optInStatus></item>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<DescribeRegionsResponse xmlns="${EC2_XMLNS}"><requestId>${randomUUID()}</requestId><regionInfo>${items}</regionInfo></DescribeRegionsResponse>`;
}

export class EnabledRegions {
  private enabled: string[] | null = null;

  /** The account's enabled regions; null: moto's answer as it is. */
  set(regions: string[] | null): void {
    if (regions !== null && (!Array.isArray(regions) || !regions.every((r) => typeof r === 'string' && /^[a-z]{2}(-[a-z]+)+-\d+$/.test(r)))) {
      throw new Error(`expected an array of region names (e.g. ["us-east-1"]) or null, got ${JSON.stringify(regions)}`);
    }
    this.enabled = regions === null ? null : [...new Set(regions)];
  }

  clear(): void {
    this.enabled = null;
  }

  /** Every region moto knows, with this account's opt-in status. */
  private withStatus(enabled: string[], known: RegionInfo[]): RegionInfo[] {
    const unknown = enabled.filter((name) => !known.some((r) => r.regionName === name));
    const all = [...known, ...unknown.map((name) => ({ regionName: name, regionEndpoint: `ec2.${name}.amazonaws.com`, optInStatus: 'opt-in-not-required' }))];
    return all.map((r) => ({
      ...r,
      optInStatus: !enabled.includes(r.regionName) ? 'not-opted-in' : r.optInStatus === 'not-opted-in' ? 'opted-in' : 'opt-in-not-required',
    }));
  }

  async describeRegions(params: QueryParams, moto: MotoCaller): Promise<RawAnswer | typeof FORWARD> {
    const enabled = this.enabled;
    if (enabled === null) return FORWARD;
    const fromMoto = await moto.query({ Action: 'DescribeRegions', Version: '2016-11-15', AllRegions: 'true' });
    if (fromMoto.status !== 200) return new RawAnswer(fromMoto);
    const regions = this.withStatus(enabled, parseRegions(fromMoto.body));
    const listed = params.AllRegions === 'true' ? regions : regions.filter((r) => r.optInStatus !== 'not-opted-in');
    return new RawAnswer(xmlResponse(renderRegions(applyFilters(listed, params))));
  }
}
