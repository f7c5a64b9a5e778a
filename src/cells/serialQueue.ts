/**
 * Runs tasks one at a time per key, in the order they were queued. A notebook's
 * cells share one key, so a second "run" waits for the first instead of racing it;
 * different notebooks run independently.
 */
export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  enqueue<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** True while a task for the key is running or waiting. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }
}
