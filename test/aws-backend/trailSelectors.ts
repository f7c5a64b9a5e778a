/**
 * CloudTrail GetEventSelectors (awsJson1_1) for trails whose selectors were never
 * set. AWS answers the default selector then (all read and write management
 * events); moto answers empty `EventSelectors` and `AdvancedEventSelectors`, which
 * would make every new trail look like it records nothing.
 *
 * PutEventSelectors and CreateTrail go to moto as usual; the proxy remembers (by the
 * TrailARN moto answers, so name or ARN both work) which trails had selectors put
 * since they were created. Those are answered exactly as moto answers.
 */
import type { MotoCaller } from './motoCalls';

const TARGET_PREFIX = 'com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.';

/** What AWS answers for a trail whose selectors were never set. */
export const DEFAULT_EVENT_SELECTOR = { ReadWriteType: 'All', IncludeManagementEvents: true, DataResources: [], ExcludeManagementEventSources: [] };

type Answer = Record<string, unknown>;

const isEmptyList = (value: unknown): boolean => value === undefined || (Array.isArray(value) && value.length === 0);

export class TrailSelectors {
  /** TrailARNs whose selectors were put since the trail was created. */
  private readonly explicitlySet = new Set<string>();

  clear(): void {
    this.explicitlySet.clear();
  }

  async createTrail(body: unknown, moto: MotoCaller): Promise<Answer> {
    const answer = await moto.json(`${TARGET_PREFIX}CreateTrail`, body);
    this.explicitlySet.delete(String(answer.TrailARN)); // a trail re-created under an old name starts with the default again
    return answer;
  }

  async putEventSelectors(body: unknown, moto: MotoCaller): Promise<Answer> {
    const answer = await moto.json(`${TARGET_PREFIX}PutEventSelectors`, body);
    this.explicitlySet.add(String(answer.TrailARN));
    return answer;
  }

  async getEventSelectors(body: unknown, moto: MotoCaller): Promise<Answer> {
    const answer = await moto.json(`${TARGET_PREFIX}GetEventSelectors`, body);
    const neverSet = !this.explicitlySet.has(String(answer.TrailARN)) && isEmptyList(answer.EventSelectors) && isEmptyList(answer.AdvancedEventSelectors);
    return neverSet ? { TrailARN: answer.TrailARN, EventSelectors: [DEFAULT_EVENT_SELECTOR] } : answer;
  }
}
