/** A finding of a container rule whose fix is shared with the container's other findings. */
import type { WantEntry } from './fixes';
import type { Span } from './yamlNodes';

export interface Verdict {
  ruleId: string;
  at: Span;
  message: string;
  /** The restricted setting that makes this finding pass; null when no safe fix exists. */
  want: WantEntry | null;
}
