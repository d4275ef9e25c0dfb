// Shared fixtures for the event bus tests: deferreds to control when async handlers finish, and a
// tick-based poll (setImmediate, not timers) so waiting costs microseconds, never a fixed sleep.
import type { EventBus } from '../../src/events/event-bus';

export type TestTopics = {
  a: number;
  b: number;
};

export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

export function deferred(): Deferred {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((res) => {
    resolve = res;
  });
  return { promise, resolve };
}

export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick();
  }
}

/** A subscriber whose first handler call blocks until `gate` is resolved, so events pile up behind it. */
export function gatedRecorder(): { seen: number[]; gate: Deferred; handler: (n: number) => Promise<void> | undefined } {
  const seen: number[] = [];
  const gate = deferred();
  return {
    seen,
    gate,
    handler: (n) => {
      seen.push(n);
      return seen.length === 1 ? gate.promise : undefined;
    },
  };
}

/** Publishes 1, waits until the gated handler holds it, then publishes the rest without awaiting. */
export async function fillBehindGate(
  bus: EventBus<TestTopics>,
  recorder: ReturnType<typeof gatedRecorder>,
  values: number[],
): Promise<Promise<void>[]> {
  void bus.publish('a', 1);
  await waitUntil(() => recorder.seen.length === 1, 'the first event to be in flight');
  return values.map((n) => bus.publish('a', n));
}
