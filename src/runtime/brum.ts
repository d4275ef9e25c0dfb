import { createEventBus, type EventBus } from '../events/event-bus';
import type { BrumTopics } from '../events/topics';
import { LogIngest } from './log-ingest';
import { LogStore, type LogStoreOptions } from '../logs/log-store';
import { createBrumStore, type BrumStore } from '../state/store';
import { createControls, type Controls } from './controls';
import { fanout } from './fanout-sink';
import { HeapGovernor } from './heap-governor';
import type { Clock, ProcessPort } from './process-port';
import type { Reaper } from './reaper';
import { Orchestrator } from './orchestrator';
import { Supervisor } from './supervisor';
import { logLineCheck } from './log-line-check';
import type { OutputSink, ProcessDef } from './types';

export interface BrumOptions {
  readonly defs: readonly ProcessDef[];
  readonly killTimeoutMs?: number;
  readonly color?: boolean;
  readonly reaper?: Reaper | null;
  readonly logs?: LogStoreOptions;
  /** Readers of the raw line stream besides the log store (the headless writer). */
  readonly sinks?: readonly OutputSink[];
  /** The environment children get (default: process.env as it is when each one starts). */
  readonly env?: NodeJS.ProcessEnv;
  /** How children are started and signalled, and the time the supervisor sees (specs pass fakes). */
  readonly port?: ProcessPort;
  readonly clock?: Clock;
  /** The jitter source of restart delays (specs pass a fixed one). */
  readonly random?: () => number;
}

/** One brum instance: the pieces every front end (headless, TUI, later the API) reads from. */
export interface Brum {
  readonly store: BrumStore;
  readonly logs: LogStore;
  readonly bus: EventBus<BrumTopics>;
  readonly supervisor: Supervisor;
  /** The command layer: every front end reaches processes through it. */
  readonly controls: Controls;
  readonly ingest: LogIngest;
  /** Publishes what is pending and drains the bus. Processes must already be down. */
  close(): Promise<void>;
}

export function createBrum(opts: BrumOptions): Brum {
  const store = createBrumStore(opts.defs);
  const logs = new LogStore(opts.logs);
  const bus = createEventBus<BrumTopics>({
    // Notices about new lines are hints to re-read the LogStore: the newest one carries the news, so old ones
    // may go. Errors and URLs are facts a reader must not miss, so publishing them waits for room instead.
    policies: {
      'logs.appended': 'drop-oldest',
      'process.transition': 'block',
      'error.detected': 'block',
      'url.detected': 'block',
    },
  });
  const ingest = new LogIngest({ store, logs, bus, heap: new HeapGovernor() });
  const supervisor = new Supervisor({
    store,
    defs: opts.defs,
    sink: fanout([...(opts.sinks ?? []), ingest]),
    ...(opts.killTimeoutMs !== undefined ? { killTimeoutMs: opts.killTimeoutMs } : {}),
    color: opts.color ?? false,
    reaper: opts.reaper ?? null,
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.random ? { random: opts.random } : {}),
    logCheck: (id, pattern) => ({
      check: logLineCheck(logs, id, pattern),
      onInput: (wake) =>
        bus.subscribe('logs.appended', (batch) => {
          if (batch.proc === id) wake();
        }),
    }),
  });
  const orchestrator = new Orchestrator(store, supervisor);
  // Every status change becomes one transition on the bus, in the order the store applied them.
  const unsubscribe = store.subscribe((next, prev) => {
    if (next.processes === prev.processes) return;
    for (const id of next.order) {
      const now = next.processes[id];
      const before = prev.processes[id];
      if (now === undefined || before === undefined || now.status === before.status) continue;
      void bus.publish('process.transition', { id, from: before.status, to: now.status, at: Date.now(), reason: now.reason });
    }
  });
  return {
    store,
    logs,
    bus,
    supervisor,
    controls: createControls({ store, logs, supervisor, orchestrator, ingest }),
    ingest,
    async close() {
      ingest.close();
      orchestrator.close();
      unsubscribe();
      await bus.close();
    },
  };
}
