import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEventBus } from '../src/events/event-bus';
import type { BusErrorPayload } from '../src/events/topics';

type TestTopics = {
  a: number;
  b: number;
};

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve: () => void = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await tick();
  }
}

/** A subscriber whose first handler call blocks until `gate` is resolved, so events pile up behind it. */
function gatedRecorder(): { seen: number[]; gate: Deferred; handler: (n: number) => Promise<void> | undefined } {
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

describe('EventBus delivery', () => {
  it('delivers to the subscribers of the topic only, never on the publisher stack', async () => {
    // Given a bus with subscribers on two topics
    const bus = createEventBus<TestTopics>({ concurrency: 2 });
    const onA: number[] = [];
    const onB: number[] = [];
    bus.subscribe('a', (n) => {
      onA.push(n);
    });
    bus.subscribe('b', (n) => {
      onB.push(n);
    });
    // When events are published on topic a
    void bus.publish('a', 1);
    void bus.publish('a', 2);
    // Then nothing ran synchronously, and after draining only a's subscriber saw them
    expect(onA).toEqual([]);
    await bus.close();
    expect(onA).toEqual([1, 2]);
    expect(onB).toEqual([]);
    expect(bus.stats()).toMatchObject({ published: 2, delivered: 2, queued: 0, inFlight: 0 });
  });

  it('keeps per-subscriber order with a pool > 1 while handlers finish out of order', async () => {
    // Given three async subscribers on a pool of 4
    const bus = createEventBus<TestTopics>({ concurrency: 4 });
    const pending: Deferred[] = [];
    const seen: number[][] = [[], [], []];
    const running = [0, 0, 0];
    let maxParallel = 0;
    for (let s = 0; s < 3; s++) {
      bus.subscribe('a', async (n) => {
        seen[s]!.push(n);
        running[s]!++;
        expect(running[s]).toBe(1);
        maxParallel = Math.max(maxParallel, running[0]! + running[1]! + running[2]!);
        const d = deferred();
        pending.push(d);
        await d.promise;
        running[s]!--;
      });
    }
    // When 20 events are published and the newest pending handler is always released first
    for (let i = 0; i < 20; i++) void bus.publish('a', i);
    const closed = bus.close();
    let done = false;
    void closed.then(() => (done = true));
    while (!done) {
      await waitFor(() => pending.length > 0 || done, 'a pending handler');
      pending.pop()?.resolve();
      await tick();
    }
    // Then each subscriber saw every event in publish order, and the pool ran subscribers side by side
    const inOrder = Array.from({ length: 20 }, (_, i) => i);
    expect(seen).toEqual([inOrder, inOrder, inOrder]);
    expect(maxParallel).toBe(3);
  });

  it('never has more than `concurrency` handlers in flight', async () => {
    // Given 10 async subscribers on a pool of 3
    const bus = createEventBus<TestTopics>({ concurrency: 3 });
    const pending: Deferred[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    for (let s = 0; s < 10; s++) {
      bus.subscribe('a', async () => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const d = deferred();
        pending.push(d);
        await d.promise;
        inFlight--;
      });
    }
    // When two events fan out to all of them
    void bus.publish('a', 1);
    void bus.publish('a', 2);
    await waitFor(() => pending.length === 3, 'the pool to fill');
    await tick();
    // Then exactly 3 run, and releasing one lets exactly one more start
    expect(pending.length).toBe(3);
    expect(bus.stats().inFlight).toBe(3);
    pending.shift()?.resolve();
    await waitFor(() => pending.length === 3 && bus.stats().delivered === 1, 'a replacement to start');
    expect(bus.stats().inFlight).toBe(3);
    const closed = bus.close();
    while (bus.stats().delivered < 20) {
      await waitFor(() => pending.length > 0, 'pending handler');
      pending.shift()?.resolve();
      await tick();
    }
    await closed;
    expect(maxInFlight).toBe(3);
    expect(bus.stats()).toMatchObject({ delivered: 20, inFlight: 0, queued: 0 });
  });

  it('keeps order, bound and completeness for any pool size, fan-out and completion order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 30 }),
        fc.boolean(),
        fc.array(fc.nat(), { minLength: 1, maxLength: 20 }),
        async (concurrency, asyncSubscribers, events, awaitEachPublish, picks) => {
          // Given subscribers (some async) on a small queue, whose pending handlers are released in a random order
          const bus = createEventBus<TestTopics>({ concurrency, capacity: 8 });
          const seen: number[][] = asyncSubscribers.map(() => []);
          const pending: Deferred[] = [];
          let maxInFlight = 0;
          asyncSubscribers.forEach((isAsync, i) => {
            bus.subscribe('a', (n) => {
              seen[i]!.push(n);
              maxInFlight = Math.max(maxInFlight, bus.stats().inFlight);
              if (!isAsync) return undefined;
              const d = deferred();
              pending.push(d);
              return d.promise;
            });
          });
          let step = 0;
          const settle = async (promise: Promise<void>): Promise<void> => {
            let done = false;
            void promise.then(() => (done = true));
            for (let guard = 0; !done; guard++) {
              if (guard > 10_000) throw new Error('no progress');
              if (pending.length > 0) pending.splice(picks[step++ % picks.length]! % pending.length, 1)[0]?.resolve();
              await tick();
            }
          };
          // When every event is published (awaited or fire-and-forget) and the bus is closed
          for (let n = 0; n < events; n++) {
            const published = bus.publish('a', n);
            if (awaitEachPublish) await settle(published);
          }
          await settle(bus.close());
          // Then every subscriber saw every event in order, and the pool bound held
          const expected = Array.from({ length: events }, (_, n) => n);
          for (const list of seen) expect(list).toEqual(expected);
          expect(maxInFlight).toBeLessThanOrEqual(concurrency);
          expect(bus.stats()).toMatchObject({ delivered: events * asyncSubscribers.length, queued: 0, blocked: 0 });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('unsubscribe stops delivery and frees the events that subscriber still held', async () => {
    // Given two subscribers, one gated so events queue behind it
    const bus = createEventBus<TestTopics>({ concurrency: 2 });
    const gated = gatedRecorder();
    const other: number[] = [];
    const unsubscribe = bus.subscribe('a', gated.handler);
    bus.subscribe('a', (n) => {
      other.push(n);
    });
    void bus.publish('a', 1);
    void bus.publish('a', 2);
    void bus.publish('a', 3);
    await waitFor(() => other.length === 3, 'the free subscriber');
    expect(bus.stats().queued).toBe(2);
    // When the gated subscriber leaves
    unsubscribe();
    unsubscribe();
    // Then its queued events are gone and later events reach only the other subscriber
    expect(bus.stats().queued).toBe(0);
    void bus.publish('a', 4);
    gated.gate.resolve();
    await bus.close();
    expect(gated.seen).toEqual([1]);
    expect(other).toEqual([1, 2, 3, 4]);
  });

  it('a subscriber sees only events published after it subscribed', async () => {
    const bus = createEventBus<TestTopics>({ concurrency: 1 });
    const early: number[] = [];
    const late: number[] = [];
    bus.subscribe('a', (n) => {
      early.push(n);
    });
    void bus.publish('a', 1);
    bus.subscribe('a', (n) => {
      late.push(n);
    });
    void bus.publish('a', 2);
    await bus.close();
    expect(early).toEqual([1, 2]);
    expect(late).toEqual([2]);
  });

  it('rejects a pool or capacity that is not a positive integer', () => {
    expect(() => createEventBus<TestTopics>({ concurrency: 0 })).toThrow(RangeError);
    expect(() => createEventBus<TestTopics>({ capacity: 1.5 })).toThrow(RangeError);
  });
});

describe('EventBus handler failures', () => {
  it('isolates throwing and rejecting handlers and reports them on bus.error', async () => {
    // Given a throwing, a rejecting and a healthy subscriber, and an error listener
    const bus = createEventBus<TestTopics>({ concurrency: 2 });
    const healthy: number[] = [];
    const errors: BusErrorPayload[] = [];
    bus.subscribe('a', (n) => {
      throw new Error(`sync ${n}`);
    });
    bus.subscribe('a', async (n) => {
      await Promise.resolve();
      throw new Error(`async ${n}`);
    });
    bus.subscribe('a', (n) => {
      healthy.push(n);
    });
    bus.subscribe('bus.error', (e) => {
      errors.push(e);
    });
    // When two events are published
    void bus.publish('a', 1);
    void bus.publish('a', 2);
    await bus.close();
    // Then the healthy subscriber got both, and each failure was reported once
    expect(healthy).toEqual([1, 2]);
    const messages = errors.map((e) => `${e.topic}:${(e.error as Error).message}`).sort();
    expect(messages).toEqual(['a:async 1', 'a:async 2', 'a:sync 1', 'a:sync 2']);
    expect(bus.stats()).toMatchObject({ handlerErrors: 4, delivered: 10 });
  });

  it('counts a failing bus.error handler without reporting it again', async () => {
    const bus = createEventBus<TestTopics>({ concurrency: 1 });
    let errorCalls = 0;
    bus.subscribe('a', () => {
      throw new Error('boom');
    });
    bus.subscribe('bus.error', () => {
      errorCalls++;
      throw new Error('error handler broke too');
    });
    void bus.publish('a', 1);
    await bus.close();
    expect(errorCalls).toBe(1);
    expect(bus.stats()).toMatchObject({ handlerErrors: 2, published: 2, delivered: 2 });
  });
});

/** Publishes 1, waits until the gated handler holds it, then publishes the rest without awaiting. */
async function fillBehindGate(
  bus: ReturnType<typeof createEventBus<TestTopics>>,
  recorder: ReturnType<typeof gatedRecorder>,
  values: number[],
): Promise<Promise<void>[]> {
  void bus.publish('a', 1);
  await waitFor(() => recorder.seen.length === 1, 'the first event to be in flight');
  return values.map((n) => bus.publish('a', n));
}

describe('EventBus backpressure', () => {
  it('block: publish stays pending until there is room, then resolves in publish order', async () => {
    // Given a queue of 2 behind a handler that holds event 1
    const bus = createEventBus<TestTopics>({ concurrency: 1, capacity: 2, defaultPolicy: 'block' });
    const recorder = gatedRecorder();
    bus.subscribe('a', recorder.handler);
    // When 2 and 3 fill the queue and 4 and 5 are published on top
    const [p2, p3, p4, p5] = await fillBehindGate(bus, recorder, [2, 3, 4, 5]);
    const resolved: number[] = [];
    void p4!.then(() => resolved.push(4));
    void p5!.then(() => resolved.push(5));
    await Promise.all([p2, p3]);
    await tick();
    // Then 4 and 5 wait outside the queue
    expect(resolved).toEqual([]);
    expect(bus.stats()).toMatchObject({ queued: 2, blocked: 2, inFlight: 1 });
    // And once the handler moves on they are admitted in order and everything is delivered, nothing dropped
    recorder.gate.resolve();
    await Promise.all([p4, p5]);
    expect(resolved).toEqual([4, 5]);
    await bus.close();
    expect(recorder.seen).toEqual([1, 2, 3, 4, 5]);
    expect(bus.stats()).toMatchObject({ published: 5, delivered: 5, dropped: {}, blocked: 0 });
  });

  it('drop-oldest: the oldest pending events of the topic make room', async () => {
    const bus = createEventBus<TestTopics>({ concurrency: 1, capacity: 3, policies: { a: 'drop-oldest' } });
    const recorder = gatedRecorder();
    bus.subscribe('a', recorder.handler);
    // When 2..6 are published while 1 is in flight and only 3 fit
    await Promise.all(await fillBehindGate(bus, recorder, [2, 3, 4, 5, 6]));
    expect(bus.stats()).toMatchObject({ queued: 3, dropped: { a: 2 } });
    recorder.gate.resolve();
    await bus.close();
    // Then 2 and 3 were discarded and the newest three delivered
    expect(recorder.seen).toEqual([1, 4, 5, 6]);
    expect(bus.stats()).toMatchObject({ published: 6, delivered: 4, dropped: { a: 2 } });
  });

  it('drop-newest: events that do not fit are discarded', async () => {
    const bus = createEventBus<TestTopics>({ concurrency: 1, capacity: 3, defaultPolicy: 'drop-newest' });
    const recorder = gatedRecorder();
    bus.subscribe('a', recorder.handler);
    await Promise.all(await fillBehindGate(bus, recorder, [2, 3, 4, 5, 6]));
    recorder.gate.resolve();
    await bus.close();
    expect(recorder.seen).toEqual([1, 2, 3, 4]);
    expect(bus.stats()).toMatchObject({ published: 6, delivered: 4, dropped: { a: 2 } });
  });

  it('drop-oldest never evicts another topic: with none of its own pending, the new event is dropped', async () => {
    // Given a queue full of topic a (block) and topic b on drop-oldest
    const bus = createEventBus<TestTopics>({ concurrency: 1, capacity: 2, policies: { b: 'drop-oldest' } });
    const recorder = gatedRecorder();
    const onB: number[] = [];
    bus.subscribe('a', recorder.handler);
    bus.subscribe('b', (n) => {
      onB.push(n);
    });
    await Promise.all(await fillBehindGate(bus, recorder, [2, 3]));
    // When b publishes into the full queue
    await bus.publish('b', 100);
    // Then b's event is the one dropped and a's events survive
    expect(bus.stats()).toMatchObject({ queued: 2, dropped: { b: 1 } });
    recorder.gate.resolve();
    await bus.close();
    expect(recorder.seen).toEqual([1, 2, 3]);
    expect(onB).toEqual([]);
  });

  it('an event with no subscribers takes no room', async () => {
    const bus = createEventBus<TestTopics>({ concurrency: 1, capacity: 1 });
    await bus.publish('b', 1);
    await bus.publish('b', 2);
    expect(bus.stats()).toMatchObject({ published: 2, queued: 0, delivered: 0, dropped: {} });
  });
});

describe('EventBus close', () => {
  it('drains queued and blocked events before resolving, then ignores publishes', async () => {
    // Given queued and blocked events behind a held handler
    const bus = createEventBus<TestTopics>({ concurrency: 1, capacity: 2 });
    const recorder = gatedRecorder();
    bus.subscribe('a', recorder.handler);
    const publishes = await fillBehindGate(bus, recorder, [2, 3, 4]);
    // When the bus is closed
    let closed = false;
    const closing = bus.close();
    void closing.then(() => (closed = true));
    await tick();
    // Then it does not resolve while work remains, and a late publish is ignored and counted
    expect(closed).toBe(false);
    await bus.publish('a', 99);
    expect(bus.stats().ignoredAfterClose).toBe(1);
    recorder.gate.resolve();
    await closing;
    await Promise.all(publishes);
    expect(recorder.seen).toEqual([1, 2, 3, 4]);
    expect(bus.stats()).toMatchObject({ published: 4, delivered: 4, queued: 0, inFlight: 0, blocked: 0 });
    expect(bus.close()).toBe(closing);
  });

  it('delivers bus.error reports raised while draining', async () => {
    const bus = createEventBus<TestTopics>({ concurrency: 2 });
    const errors: string[] = [];
    bus.subscribe('a', async () => {
      await Promise.resolve();
      throw new Error('late');
    });
    bus.subscribe('bus.error', (e) => {
      errors.push((e.error as Error).message);
    });
    void bus.publish('a', 1);
    await bus.close();
    expect(errors).toEqual(['late']);
  });

  it('resolves at once when idle', async () => {
    const bus = createEventBus<TestTopics>();
    await expect(bus.close()).resolves.toBeUndefined();
  });
});

describe('EventBus fairness', () => {
  it('yields to the event loop while a handler keeps feeding itself', async () => {
    // Given a sync handler that republishes on its own topic 50 000 times
    const bus = createEventBus<TestTopics>({ concurrency: 1, defaultPolicy: 'drop-newest' });
    let count = 0;
    bus.subscribe('a', (n) => {
      count++;
      if (n < 50_000) void bus.publish('a', n + 1);
    });
    // When a macrotask is queued right after the first publish
    void bus.publish('a', 1);
    const countWhenIoRan = await new Promise<number>((resolve) => setImmediate(() => resolve(count)));
    await bus.close();
    // Then it ran before the chain finished
    expect(count).toBe(50_000);
    expect(countWhenIoRan).toBeGreaterThan(0);
    expect(countWhenIoRan).toBeLessThan(50_000);
  });

  it('gives other subscribers a turn instead of running one lane to exhaustion', async () => {
    const bus = createEventBus<TestTopics>({ concurrency: 1 });
    const order: string[] = [];
    bus.subscribe('a', (n) => {
      order.push(`a${n}`);
    });
    bus.subscribe('b', (n) => {
      order.push(`b${n}`);
    });
    for (let n = 0; n < 3; n++) void bus.publish('a', n);
    for (let n = 0; n < 3; n++) void bus.publish('b', n);
    await bus.close();
    expect(order).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
  });
});
