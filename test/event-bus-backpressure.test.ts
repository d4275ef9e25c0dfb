import { describe, expect, it } from 'vitest';
import { createEventBus } from '../src/events/event-bus';
import { fillBehindGate, gatedRecorder, tick, waitUntil } from './helpers/event-bus-fixtures';
import type { TestTopics } from './helpers/event-bus-fixtures';

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
  it.each(['sync', 'async'])('yields to the event loop while a %s handler keeps feeding itself', async (kind) => {
    // Given a handler that republishes on its own topic 50 000 times
    const bus = createEventBus<TestTopics>({ concurrency: 1, defaultPolicy: 'drop-newest' });
    let count = 0;
    bus.subscribe('a', (n) => {
      count++;
      if (n < 50_000) void bus.publish('a', n + 1);
      return kind === 'async' ? Promise.resolve() : undefined;
    });
    // When a macrotask is queued right after the first publish
    void bus.publish('a', 1);
    const countWhenIoRan = await new Promise<number>((resolve) => setImmediate(() => resolve(count)));
    await waitUntil(() => count === 50_000, 'the chain to finish');
    // Then it ran before the chain finished
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
