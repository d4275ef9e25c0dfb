/**
 * Serialises async operations per key: a restart requested while a stop is running waits for the stop to finish,
 * so two operations on one process never interleave. Different keys run independently. What is still waiting
 * can be cancelled (a user's stop cancels a restart queued before it): a cancelled operation never runs, and its
 * promise resolves with `undefined`.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<unknown>>();
  /** Bumped by cancelPending: an operation queued under an older generation is skipped when its turn comes. */
  private readonly generations = new Map<string, number>();

  run<T>(key: string, op: () => Promise<T> | T): Promise<T | undefined> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const generation = this.generations.get(key) ?? 0;
    const guarded = (): Promise<T> | T | undefined => ((this.generations.get(key) ?? 0) === generation ? op() : undefined);
    // A failed operation must not wedge the queue for that key, so the chain continues on rejection too.
    const next = prev.then(guarded, guarded);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Cancels every operation for `key` that has not started yet; the one running (if any) goes on. */
  cancelPending(key: string): void {
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
  }

  /** True while an operation for `key` is queued or running. */
  busy(key: string): boolean {
    return this.tails.has(key);
  }

  /** Resolves once every queued operation, for every key, has settled. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }
}
