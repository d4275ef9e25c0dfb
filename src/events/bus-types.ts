import { availableParallelism } from 'node:os';
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

const DEFAULT_CAPACITY = 10_000;

/** Options with defaults applied and checked, so a bad value fails at construction, not mid-stream. */
export function resolveOptions<T>(options: EventBusOptions<T>): {
  concurrency: number;
  capacity: number;
  policyOf: (topic: string) => BackpressurePolicy;
} {
  const policies: Partial<Record<string, BackpressurePolicy>> = { ...options.policies };
  const fallback = options.defaultPolicy ?? 'block';
  return {
    concurrency: positiveInteger('concurrency', options.concurrency ?? availableParallelism()),
    capacity: positiveInteger('capacity', options.capacity ?? DEFAULT_CAPACITY),
    policyOf: (topic) => policies[topic] ?? fallback,
  };
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  return value;
}
