/**
 * Runs tasks one at a time per key (FIFO), tasks of different keys concurrently. Used to serialize
 * sends per thread: the second message is encrypted only after the first was posted (or failed),
 * so messages reach Instagram in ratchet order and the content script never sees two posts at once.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    // A failed task must not block the ones behind it: the tail never rejects.
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting (for tests). */
  get active(): number {
    return this.tails.size;
  }
}
