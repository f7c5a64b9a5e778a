/** How one cell of a sequence ended, as far as running the rest is concerned. */
export type SequenceOutcome = 'succeeded' | 'failed' | 'cancelled' | 'skipped';

export interface SequenceResult {
  /** Index of the cell that stopped the sequence, if one did. */
  stoppedAt?: number;
  /** Indexes of cells that were not run because the sequence stopped. */
  notRun: number[];
}

/**
 * Runs items one after another; stops at the first that fails or is cancelled.
 * Skipped items (empty cells, languages without an executor) do not stop it.
 */
export async function runSequence<T>(items: readonly T[], runOne: (item: T, index: number) => Promise<SequenceOutcome>): Promise<SequenceResult> {
  for (let index = 0; index < items.length; index++) {
    const outcome = await runOne(items[index] as T, index);
    if (outcome === 'failed' || outcome === 'cancelled') {
      return { stoppedAt: index, notRun: items.map((_, i) => i).filter((i) => i > index) };
    }
  }
  return { notRun: [] };
}
