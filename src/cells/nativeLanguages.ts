/** Cell languages that call AWS directly through the SDK (no shell). */
export const NATIVE_LANGUAGE_IDS = ['logs-insights', 'cloudtrail', 'securityhub', 'log-retention'] as const;
export type NativeLanguageId = (typeof NATIVE_LANGUAGE_IDS)[number];

export function isNativeLanguage(languageId: string): languageId is NativeLanguageId {
  return (NATIVE_LANGUAGE_IDS as readonly string[]).includes(languageId);
}
