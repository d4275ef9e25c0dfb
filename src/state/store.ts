import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LogCounters } from '../logs/log-entry';
import { createProcessState, transition, type ProcessEvent, type ProcessState } from './process-state';

/** What an error summary in the store needs; the detector's full record is richer. */
export interface ErrorSummary {
  readonly proc: string;
  readonly seq: number;
  readonly kind: string;
  readonly message: string;
  readonly location?: { readonly file: string; readonly line?: number; readonly col?: number };
  readonly lines: readonly string[];
}

/**
 * The one consistent snapshot every reader works from. Each field is replaced, never mutated, and only the
 * entries that changed get new objects, so `prev.processes.web === next.processes.web` when web did not change.
 */
export interface BrumState {
  readonly order: readonly string[];
  readonly processes: Readonly<Record<string, ProcessState>>;
  readonly logs: Readonly<Record<string, LogCounters>>;
  readonly errors: Readonly<Record<string, readonly ErrorSummary[]>>;
  readonly urls: Readonly<Record<string, readonly string[]>>;
  /** Newest log seq seen by the store; readers use it to know the log window moved. */
  readonly lastSeq: number;
  /**
   * True while output keeps arriving (some stream delivered within the last few ms); false once every stream has
   * gone quiet. The TUI draws a flood at a slower pace, and draws its end at once when this turns false.
   */
  readonly logsFlowing: boolean;
  /** How the last reload of the project file went: every front end shows an invalid file the same way. */
  readonly project: ProjectStatus;
}

/**
 * `error`: the project file as it is now is invalid (one line, file:line:col); the processes run as they were
 * defined before. `note`: what the last successful reload changed.
 */
export interface ProjectStatus {
  readonly error: string | null;
  readonly note: string | null;
  /** Bumped by every reload attempt, so a reader sees a second identical error as news. */
  readonly reloads: number;
}

export type BrumStore = StoreApi<BrumState>;

export interface ProcessSpec {
  readonly id: string;
  readonly name: string;
  readonly command: string;
  readonly cwd: string;
}

/** Errors kept per process in the snapshot; older ones are still in the log itself. */
export const MAX_ERRORS_PER_PROCESS = 500;
const EMPTY_COUNTERS: LogCounters = Object.freeze({ lines: 0, bytes: 0, dropped: 0, cleared: 0 });

/** A fresh store per brum instance (and per test): there is deliberately no module-level singleton. */
export function createBrumStore(specs: readonly ProcessSpec[] = []): BrumStore {
  const store = createStore<BrumState>()(() =>
    Object.freeze({
      order: Object.freeze([] as string[]),
      processes: Object.freeze({}),
      logs: Object.freeze({}),
      errors: Object.freeze({}),
      urls: Object.freeze({}),
      lastSeq: 0,
      logsFlowing: false,
      project: Object.freeze({ error: null, note: null, reloads: 0 }),
    }),
  );
  for (const spec of specs) addProcess(store, spec);
  return store;
}

export function addProcess(store: BrumStore, spec: ProcessSpec): void {
  const s = store.getState();
  if (s.processes[spec.id]) throw new Error(`duplicate process id "${spec.id}"`);
  store.setState(
    Object.freeze({
      ...s,
      order: Object.freeze([...s.order, spec.id]),
      processes: Object.freeze({ ...s.processes, [spec.id]: createProcessState(spec) }),
      logs: Object.freeze({ ...s.logs, [spec.id]: EMPTY_COUNTERS }),
      errors: Object.freeze({ ...s.errors, [spec.id]: Object.freeze([]) }),
      urls: Object.freeze({ ...s.urls, [spec.id]: Object.freeze([]) }),
    }),
    true,
  );
}

/**
 * A new definition for a known process: its name, command and folder change at once (what the list shows); its
 * status does not, since a running process keeps running as it was started until its next start.
 */
export function replaceProcess(store: BrumStore, spec: ProcessSpec): void {
  const s = store.getState();
  const current = s.processes[spec.id];
  if (!current) throw new Error(`unknown process "${spec.id}"`);
  const next = Object.freeze({ ...current, name: spec.name, command: spec.command, cwd: spec.cwd });
  store.setState(Object.freeze({ ...s, processes: Object.freeze({ ...s.processes, [spec.id]: next }) }), true);
}

/** Forgets a process (which must no longer run): its state, counters, errors and URLs. */
export function removeProcess(store: BrumStore, id: string): void {
  const s = store.getState();
  if (!s.processes[id]) return;
  const without = <V>(record: Readonly<Record<string, V>>): Readonly<Record<string, V>> => {
    const copy = { ...record };
    delete copy[id];
    return Object.freeze(copy);
  };
  store.setState(
    Object.freeze({
      ...s,
      order: Object.freeze(s.order.filter((x) => x !== id)),
      processes: without(s.processes),
      logs: without(s.logs),
      errors: without(s.errors),
      urls: without(s.urls),
    }),
    true,
  );
}

/** Applies one lifecycle event to one process. Throws IllegalTransitionError, leaving the store untouched. */
export function dispatch(store: BrumStore, id: string, event: ProcessEvent): ProcessState {
  const s = store.getState();
  const current = s.processes[id];
  if (!current) throw new Error(`unknown process "${id}"`);
  const next = transition(current, event);
  store.setState(Object.freeze({ ...s, processes: Object.freeze({ ...s.processes, [id]: next }) }), true);
  return next;
}

/** One batched update for many processes' log counters: the flood path calls this per flush, not per line. */
export function setLogCounters(
  store: BrumStore,
  updates: Readonly<Record<string, LogCounters>>,
  lastSeq: number,
  logsFlowing: boolean = store.getState().logsFlowing,
): void {
  const s = store.getState();
  store.setState(
    Object.freeze({ ...s, logs: Object.freeze({ ...s.logs, ...updates }), lastSeq: Math.max(s.lastSeq, lastSeq), logsFlowing }),
    true,
  );
}

export function setProjectStatus(store: BrumStore, status: { error: string | null; note: string | null }): void {
  const s = store.getState();
  store.setState(Object.freeze({ ...s, project: Object.freeze({ ...status, reloads: s.project.reloads + 1 }) }), true);
}

export function setLogsFlowing(store: BrumStore, flowing: boolean): void {
  const s = store.getState();
  if (s.logsFlowing !== flowing) store.setState(Object.freeze({ ...s, logsFlowing: flowing }), true);
}

export function addErrors(store: BrumStore, proc: string, found: readonly ErrorSummary[]): void {
  if (found.length === 0) return;
  const s = store.getState();
  const merged = [...(s.errors[proc] ?? []), ...found.map((e) => Object.freeze(e))];
  const kept = merged.length > MAX_ERRORS_PER_PROCESS ? merged.slice(-MAX_ERRORS_PER_PROCESS) : merged;
  store.setState(Object.freeze({ ...s, errors: Object.freeze({ ...s.errors, [proc]: Object.freeze(kept) }) }), true);
}

export function addUrl(store: BrumStore, proc: string, url: string): void {
  const s = store.getState();
  const have = s.urls[proc] ?? [];
  if (have.includes(url)) return;
  store.setState(Object.freeze({ ...s, urls: Object.freeze({ ...s.urls, [proc]: Object.freeze([...have, url]) }) }), true);
}

export function clearErrors(store: BrumStore, proc: string): void {
  const s = store.getState();
  store.setState(Object.freeze({ ...s, errors: Object.freeze({ ...s.errors, [proc]: Object.freeze([]) }) }), true);
}
