import { Deque } from '../collections/deque';
import { TopicQueue } from './topic-queue';
import { resolveOptions } from './bus-types';
import type { BackpressurePolicy, EventBusOptions, EventBusStats, Handler, PayloadOf, TopicOf } from './bus-types';
import { createLane, dropOldestEvent, isThenable } from './lane';
import type { Lane, TopicState, Waiter } from './lane';
import type { BrumTopics, BusErrorPayload } from './topics';

export type { BackpressurePolicy, EventBusOptions, EventBusStats, Handler, PayloadOf, TopicOf, WithBusTopics } from './bus-types';

const BUS_ERROR = 'bus.error';
// Deliveries between yields to the event loop, so a self-feeding handler cannot starve I/O.
const YIELD_EVERY = 8192;
// One shared settled promise: the non-blocking path must not allocate per event.
const RESOLVED: Promise<void> = Promise.resolve();

/**
 * A typed publish/subscribe bus with a bounded worker pool and a bounded queue.
 *
 * Delivery is asynchronous (never on the publisher's stack), FIFO per subscriber, and at most
 * `concurrency` handlers run at once. Sync handlers run in a drain loop without a promise per event.
 * A handler that throws or rejects is reported on `bus.error`; a failing `bus.error` handler is only counted.
 *
 * After `close()`, `publish` is ignored (resolves at once, counted in `ignoredAfterClose`) rather than
 * rejecting: late producers (a final flush at exit) must not turn shutdown into an unhandled rejection.
 *
 * A `block` publish only holds back producers that await it. Awaiting one inside a handler can deadlock
 * if that handler's own lane holds the queue full, so handlers should publish to drop-policy topics.
 */
export class EventBus<T extends object = BrumTopics> {
  private readonly concurrency: number;
  private readonly capacity: number;
  private readonly policyOf: (topic: string) => BackpressurePolicy;
  private readonly topics = new Map<string, TopicState>();
  private readonly ready = new Deque<Lane>();
  private readonly waiters = new Deque<Waiter>();
  private queued = 0;
  private inFlight = 0;
  private published = 0;
  private delivered = 0;
  private handlerErrors = 0;
  private ignoredAfterClose = 0;
  private drainScheduled = false;
  private draining = false;
  private yieldPending = false;
  private sinceYield = 0;
  private closed: Promise<void> | undefined;
  private resolveClosed: (() => void) | undefined;
  private readonly runScheduledDrain = (): void => {
    this.drainScheduled = false;
    this.drain();
  };
  private readonly resumeAfterYield = (): void => {
    this.yieldPending = false;
    this.sinceYield = 0;
    this.drain();
  };

  constructor(options: EventBusOptions<T> = {}) {
    const resolved = resolveOptions(options);
    this.concurrency = resolved.concurrency;
    this.capacity = resolved.capacity;
    this.policyOf = resolved.policyOf;
  }

  subscribe<K extends TopicOf<T>>(topic: K, handler: Handler<PayloadOf<T, K>>): () => void {
    const state = this.topic(topic);
    const lane = createLane(state, handler);
    lane.settle = () => this.finishAsync(lane);
    lane.fail = (error) => {
      this.reportFailure(lane, error);
      this.finishAsync(lane);
    };
    state.lanes = [...state.lanes, lane];
    return () => this.unsubscribe(lane);
  }

  publish<K extends TopicOf<T>>(topic: K, payload: PayloadOf<T, K>): Promise<void> {
    if (this.closed !== undefined) {
      this.ignoredAfterClose++;
      return RESOLVED;
    }
    this.published++;
    const state = this.topic(topic);
    // Nobody would ever take it, so it must not take room from events that have an audience.
    if (state.lanes.length === 0) return RESOLVED;
    // No need to check for blocked publishers: free() admits them until the queue is full again.
    if (this.queued < this.capacity) {
      this.enqueue(state, payload);
      return RESOLVED;
    }
    return this.overflow(state, payload, state.policy);
  }

  /** Stops accepting publishes and resolves once every queued and blocked event has been handled. */
  close(): Promise<void> {
    if (this.closed === undefined) {
      this.closed = new Promise<void>((resolve) => {
        this.resolveClosed = resolve;
      });
      this.checkClosed();
    }
    return this.closed;
  }

  stats(): EventBusStats<T> {
    const dropped: Partial<Record<TopicOf<T>, number>> = {};
    for (const state of this.topics.values()) if (state.dropped > 0) dropped[state.name as TopicOf<T>] = state.dropped;
    return {
      published: this.published,
      delivered: this.delivered,
      dropped,
      queued: this.queued,
      blocked: this.waiters.size,
      inFlight: this.inFlight,
      handlerErrors: this.handlerErrors,
      ignoredAfterClose: this.ignoredAfterClose,
    };
  }

  private topic(name: string): TopicState {
    let state = this.topics.get(name);
    if (state === undefined) {
      state = { name, queue: new TopicQueue(), lanes: [], policy: this.policyOf(name), dropped: 0 };
      this.topics.set(name, state);
    }
    return state;
  }

  private overflow(state: TopicState, payload: unknown, policy: BackpressurePolicy): Promise<void> {
    switch (policy) {
      case 'drop-newest':
        state.dropped++;
        return RESOLVED;
      case 'drop-oldest':
        // The queue is full of other topics' events: evicting those would break their own policies.
        if (state.queue.size === 0) {
          state.dropped++;
          return RESOLVED;
        }
        dropOldestEvent(state);
        this.queued--;
        this.enqueue(state, payload);
        return RESOLVED;
      case 'block':
        return new Promise<void>((resolve) => this.waiters.push({ topic: state, payload, resolve }));
      default: {
        const unhandled: never = policy;
        throw new Error(`unhandled backpressure policy: ${String(unhandled)}`);
      }
    }
  }

  private enqueue(state: TopicState, payload: unknown): void {
    state.queue.push(payload, state.lanes.length);
    this.queued++;
    for (const lane of state.lanes) {
      if (!lane.scheduled && !lane.running) {
        lane.scheduled = true;
        this.ready.push(lane);
      }
    }
    this.scheduleDrain();
  }

  /** `count` events left the queue: hand their room to blocked publishers, oldest first. */
  private free(count: number): void {
    this.queued -= count;
    while (this.queued < this.capacity) {
      const waiter = this.waiters.shift();
      if (waiter === undefined) break;
      if (waiter.topic.lanes.length > 0) this.enqueue(waiter.topic, waiter.payload);
      waiter.resolve();
    }
  }

  private scheduleDrain(): void {
    // A running drain picks new lanes up itself; a pending yield resumes through setImmediate.
    if (this.draining || this.drainScheduled || this.yieldPending) return;
    this.drainScheduled = true;
    queueMicrotask(this.runScheduledDrain);
  }

  private drain(): void {
    if (this.draining || this.yieldPending) return;
    this.draining = true;
    try {
      while (this.inFlight < this.concurrency) {
        const lane = this.ready.shift();
        if (lane === undefined) break;
        this.runLane(lane);
        if (this.sinceYield >= YIELD_EVERY) {
          this.yieldPending = true;
          setImmediate(this.resumeAfterYield);
          break;
        }
      }
    } finally {
      this.draining = false;
    }
    this.checkClosed();
  }

  /** Runs a lane's events until it has none, goes async, or must give way to other lanes. */
  private runLane(lane: Lane): void {
    const queue = lane.topic.queue;
    while (lane.active && lane.cursor < queue.head) {
      if (this.invoke(lane, queue)) {
        lane.scheduled = false;
        return;
      }
      this.sinceYield++;
      if (lane.cursor < queue.head && (this.ready.size > 0 || this.sinceYield >= YIELD_EVERY)) {
        this.ready.push(lane);
        return;
      }
    }
    lane.scheduled = false;
  }

  /** Delivers the lane's next event. Returns true when the handler went async. */
  private invoke(lane: Lane, queue: TopicQueue): boolean {
    const seq = lane.cursor++;
    const payload = queue.payloadAt(seq);
    // Taken events leave the queue at once, so `queued` and blocked publishers see the room now.
    const freed = queue.release(seq);
    if (freed > 0) this.free(freed);
    this.inFlight++;
    let result: unknown;
    try {
      result = lane.handler(payload);
    } catch (error) {
      this.inFlight--;
      this.delivered++;
      this.reportFailure(lane, error);
      return false;
    }
    if (isThenable(result)) {
      lane.running = true;
      void Promise.resolve(result).then(lane.settle, lane.fail);
      return true;
    }
    this.inFlight--;
    this.delivered++;
    return false;
  }

  private finishAsync(lane: Lane): void {
    lane.running = false;
    this.inFlight--;
    this.delivered++;
    // Counted too: handlers that settle at once would otherwise chain microtasks with no I/O between.
    this.sinceYield++;
    if (lane.active && !lane.scheduled && lane.cursor < lane.topic.queue.head) {
      lane.scheduled = true;
      this.ready.push(lane);
    }
    this.drain();
  }

  private reportFailure(lane: Lane, error: unknown): void {
    this.handlerErrors++;
    // A failing bus.error handler would otherwise report itself forever.
    if (lane.topic.name === BUS_ERROR) return;
    this.emitBusError({ topic: lane.topic.name, error });
  }

  /** Like publish, but allowed while closing and never blocks: a handler's failure must not stall the pool. */
  private emitBusError(payload: BusErrorPayload): void {
    const state = this.topic(BUS_ERROR);
    this.published++;
    if (state.lanes.length === 0) return;
    if (this.queued < this.capacity) {
      this.enqueue(state, payload);
      return;
    }
    void this.overflow(state, payload, state.policy === 'block' ? 'drop-newest' : state.policy);
  }

  private unsubscribe(lane: Lane): void {
    if (!lane.active) return;
    lane.active = false;
    const state = lane.topic;
    state.lanes = state.lanes.filter((other) => other !== lane);
    const freed = state.queue.releaseRange(lane.cursor, state.queue.head);
    lane.cursor = state.queue.head;
    if (freed > 0) this.free(freed);
    this.checkClosed();
  }

  private checkClosed(): void {
    const resolve = this.resolveClosed;
    if (resolve === undefined || this.queued > 0 || this.waiters.size > 0 || this.inFlight > 0) return;
    this.resolveClosed = undefined;
    resolve();
  }
}

export function createEventBus<T extends object = BrumTopics>(options?: EventBusOptions<T>): EventBus<T> {
  return new EventBus<T>(options);
}
