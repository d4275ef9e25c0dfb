import type { BackpressurePolicy } from './bus-types';
import type { TopicQueue } from './topic-queue';

// Method parameters are bivariant, so a Handler<P> of any P can be stored here without `any`;
// the bus only ever calls it with a payload published under the same topic.
export type StoredHandler = { call(payload: unknown): unknown }['call'];

export interface TopicState {
  readonly name: string;
  readonly queue: TopicQueue;
  /** Replaced, never mutated, so a publish iterating it is unaffected by (un)subscribes. */
  lanes: readonly Lane[];
  readonly policy: BackpressurePolicy;
  dropped: number;
}

/** One subscriber: a serial lane whose events run one at a time, in order. */
export interface Lane {
  readonly topic: TopicState;
  readonly handler: StoredHandler;
  /** Seq of the next event this subscriber takes. */
  cursor: number;
  /** An async invocation has not settled yet. */
  running: boolean;
  /** In the ready queue or being run now, so it must not be queued twice. */
  scheduled: boolean;
  active: boolean;
  settle: () => void;
  fail: (error: unknown) => void;
}

const noop = (): void => {};

/** A new subscriber starts at the topic's head: it sees only events published from now on. */
export function createLane(topic: TopicState, handler: StoredHandler): Lane {
  const cursor = topic.queue.head;
  return { topic, handler, cursor, running: false, scheduled: false, active: true, settle: noop, fail: noop };
}

/** Discards a topic's oldest pending event (drop-oldest): lanes that had not reached it skip it. */
export function dropOldestEvent(state: TopicState): void {
  const seq = state.queue.tail;
  for (const lane of state.lanes) if (lane.cursor === seq) lane.cursor++;
  state.queue.dropOldest();
  state.dropped++;
}

export interface Waiter {
  readonly topic: TopicState;
  readonly payload: unknown;
  readonly resolve: () => void;
}

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== undefined && value !== null && typeof (value as { then?: unknown }).then === 'function'
  );
}
