/**
 * The index of the first element of a sorted list for which `before` is false
 * (every element before it satisfies `before`), by binary search: `list.length`
 * when all do. The one binary search behind positions, template spans and anchors.
 */
export function partitionPoint<T>(list: readonly T[], before: (item: T) => boolean): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (before(list[mid]!)) low = mid + 1;
    else high = mid;
  }
  return low;
}
