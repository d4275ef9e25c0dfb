import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEventBus } from '../src/events/event-bus';
import type { BusErrorPayload, LogsAppended } from '../src/events/topics';
import { deferred, gatedRecorder, tick, waitUntil } from './helpers/event-bus-fixtures';
import type { Deferred, TestTopics } from './helpers/event-bus-fixtures';

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
    let maxPerSubscriber = 0;
    for (let s = 0; s < 3; s++) {
      bus.subscribe('a', async (n) => {
        seen[s]!.push(n);
        maxPerSubscriber = Math.max(maxPerSubscriber, ++running[s]!);
        maxParallel = Math.max(maxParallel, running[0]! + running[1]! + running[2]!);
        const d = deferred();
        pending.push(d);
        await d.promise;
        running[s]!--;
      });
    }
    // When 20 events are published, half of them while handlers run, and the newest pending handler
    // is always released first
    for (let i = 0; i < 10; i++) void bus.publish('a', i);
    for (let i = 10; i < 20; i++) {
      await waitUntil(() => pending.length > 0, 'a pending handler');
      void bus.publish('a', i);
      pending.pop()?.resolve();
    }
    const closed = bus.close();
    let done = false;
    void closed.then(() => (done = true));
    while (!done) {
      await waitUntil(() => pending.length > 0 || done, 'a pending handler');
      pending.pop()?.resolve();
      await tick();
    }
    // Then each subscriber saw every event in publish order, and the pool ran subscribers side by side
    const inOrder = Array.from({ length: 20 }, (_, i) => i);
    expect(seen).toEqual([inOrder, inOrder, inOrder]);
    expect(maxPerSubscriber).toBe(1);
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
    await waitUntil(() => pending.length === 3, 'the pool to fill');
    await tick();
    // Then exactly 3 run, and releasing one lets exactly one more start
    expect(pending.length).toBe(3);
    expect(bus.stats().inFlight).toBe(3);
    pending.shift()?.resolve();
    await waitUntil(() => pending.length === 3 && bus.stats().delivered === 1, 'a replacement to start');
    expect(bus.stats().inFlight).toBe(3);
    const closed = bus.close();
    while (bus.stats().delivered < 20) {
      await waitUntil(() => pending.length > 0, 'pending handler');
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
          const running = asyncSubscribers.map(() => 0);
          let maxInFlight = 0;
          let maxPerSubscriber = 0;
          asyncSubscribers.forEach((isAsync, i) => {
            bus.subscribe('a', async (n) => {
              seen[i]!.push(n);
              maxInFlight = Math.max(maxInFlight, bus.stats().inFlight);
              maxPerSubscriber = Math.max(maxPerSubscriber, ++running[i]!);
              if (isAsync) {
                const d = deferred();
                pending.push(d);
                await d.promise;
              }
              running[i]!--;
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
          expect(maxPerSubscriber).toBe(1);
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
    await waitUntil(() => other.length === 3, 'the free subscriber');
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

  it('defaults to the brum topic map', async () => {
    const bus = createEventBus();
    const notices: LogsAppended[] = [];
    bus.subscribe('logs.appended', (n) => {
      notices.push(n);
    });
    void bus.publish('logs.appended', { proc: 'web', fromSeq: 1, toSeq: 3, count: 3 });
    // @ts-expect-error a payload of the wrong shape does not compile
    void bus.publish('url.detected', { proc: 'web' });
    await bus.close();
    expect(notices).toEqual([{ proc: 'web', fromSeq: 1, toSeq: 3, count: 3 }]);
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
