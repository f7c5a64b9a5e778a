/**
 * Whether a trail's event selectors record both read and write management events,
 * as CIS 3.1 and Security Hub CloudTrail.1 require: a classic selector with
 * IncludeManagementEvents and ReadWriteType All, or an advanced selector for the
 * Management category without a readOnly filter. Pure: no SDK types needed.
 */
export interface ClassicSelector {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
}

export interface AdvancedSelector {
  Name?: string;
  FieldSelectors?: Array<{ Field?: string; Equals?: string[]; NotEquals?: string[] }>;
}

export interface TrailSelectors {
  EventSelectors?: ClassicSelector[];
  AdvancedEventSelectors?: AdvancedSelector[];
}

export interface SelectorVerdict {
  readAndWrite: boolean;
  /** How the selectors read ("classic: All management events", "advanced: management, write only"). */
  description: string;
}

export function managementEventCoverage(selectors: TrailSelectors): SelectorVerdict {
  const advanced = selectors.AdvancedEventSelectors ?? [];
  if (advanced.length > 0) {
    const management = advanced.filter((s) => (s.FieldSelectors ?? []).some((f) => f.Field === 'eventCategory' && (f.Equals ?? []).includes('Management')));
    if (management.length === 0) return { readAndWrite: false, description: 'advanced selectors without management events' };
    const full = management.find((s) => !(s.FieldSelectors ?? []).some((f) => f.Field === 'readOnly'));
    if (full) return { readAndWrite: true, description: `advanced selector${full.Name ? ` "${full.Name}"` : ''}: all management events` };
    return { readAndWrite: false, description: 'advanced selectors filter management events by readOnly (read only or write only)' };
  }
  const classic = (selectors.EventSelectors ?? []).filter((s) => s.IncludeManagementEvents !== false);
  if (classic.length === 0) return { readAndWrite: false, description: 'no selector includes management events' };
  if (classic.some((s) => (s.ReadWriteType ?? 'All') === 'All')) return { readAndWrite: true, description: 'all management events (read and write)' };
  return { readAndWrite: false, description: `management events ${classic.map((s) => s.ReadWriteType).join(' and ')} only` };
}
