import type { BusTopics } from './topics';

/**
 * What `publish` does when the queue is full:
 * - `block`: the returned promise stays pending until the event fits; publish order is kept;
 * - `drop-oldest`: the oldest pending event of the same topic is discarded to make room;
 * - `drop-newest`: the new event is discarded.
 */
export type BackpressurePolicy = 'block' | 'drop-oldest' | 'drop-newest';

/** Every bus carries `bus.error` on top of the caller's topics. */
export type WithBusTopics<T> = T & BusTopics;
export type TopicOf<T> = Extract<keyof WithBusTopics<T>, string>;
export type PayloadOf<T, K extends TopicOf<T>> = WithBusTopics<T>[K];

/** A subscriber. Returning a thenable makes it async: its next event waits until that settles. */
export type Handler<P> = (payload: P) => void | PromiseLike<unknown>;

export interface EventBusOptions<T> {
  /** Handler invocations in flight across the whole bus. Default: `os.availableParallelism()`. */
  concurrency?: number;
  /** Pending events across all topics (an event is stored once, however many subscribers). Default 10 000. */
  capacity?: number;
  /** Policy for topics not listed in `policies`. Default `block`. */
  defaultPolicy?: BackpressurePolicy;
  policies?: Partial<Record<TopicOf<T>, BackpressurePolicy>>;
}

export interface EventBusStats<T> {
  /** Events accepted by `publish` (plus `bus.error` reports), including ones later dropped. */
  published: number;
  /** Handler invocations completed, successfully or not. */
  delivered: number;
  /** Events discarded by a drop policy, per topic; topics without drops are absent. */
  dropped: Partial<Record<TopicOf<T>, number>>;
  /** Events waiting in the queue for at least one subscriber. */
  queued: number;
  /** `block` publishes waiting for room (their events are not yet in `queued`). */
  blocked: number;
  inFlight: number;
  handlerErrors: number;
  /** Publishes ignored because the bus was closed. */
  ignoredAfterClose: number;
}
