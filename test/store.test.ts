import { describe, expect, it } from 'vitest';
import { IllegalTransitionError } from '../src/state/process-state';
import {
  MAX_ERRORS_PER_PROCESS,
  addErrors,
  addProcess,
  addUrl,
  clearErrors,
  createBrumStore,
  dispatch,
  setLogCounters,
} from '../src/state/store';
import type { BrumState, BrumStore, ErrorSummary, ProcessSpec } from '../src/state/store';

const specs: readonly ProcessSpec[] = [
  { id: 'web', name: 'web', command: 'vite', cwd: '/app' },
  { id: 'api', name: 'api', command: 'node api.js', cwd: '/app' },
  { id: 'tsc', name: 'tsc', command: 'tsc -w', cwd: '/app' },
];

function errorSummary(proc: string, seq: number): ErrorSummary {
  return { proc, seq, kind: 'ts', message: `error ${seq}`, lines: [`line ${seq}`] };
}

/** Every object reachable in a snapshot, so a test can check they are all frozen. */
function allObjects(s: BrumState): object[] {
  return [
    s,
    s.order,
    s.processes,
    s.logs,
    s.errors,
    s.urls,
    ...Object.values(s.processes),
    ...Object.values(s.logs),
    ...Object.values(s.errors),
    ...Object.values(s.urls),
  ];
}

function countNotifications(store: BrumStore): { readonly count: () => number } {
  let n = 0;
  store.subscribe(() => {
    n += 1;
  });
  return { count: () => n };
}

describe('createBrumStore', () => {
  it('creates processes idle, in the given order, with empty logs, errors and urls', () => {
    // Given specs; When a store is created
    const s = createBrumStore(specs).getState();
    // Then each process is present and idle, in order
    expect(s.order).toEqual(['web', 'api', 'tsc']);
    expect(Object.values(s.processes).map((p) => p.status)).toEqual(['idle', 'idle', 'idle']);
    expect(s.processes.api).toMatchObject({ id: 'api', command: 'node api.js', cwd: '/app' });
    expect(s.logs.web).toEqual({ lines: 0, bytes: 0, dropped: 0, cleared: 0 });
    expect(s.errors.web).toEqual([]);
    expect(s.urls.web).toEqual([]);
    expect(s.lastSeq).toBe(0);
  });

  it('gives fresh independent stores each time (no singleton)', () => {
    // Given two stores from the same specs
    const a = createBrumStore(specs);
    const b = createBrumStore(specs);
    expect(a).not.toBe(b);
    expect(a.getState()).not.toBe(b.getState());
    // When one changes
    dispatch(a, 'web', { type: 'start', at: 1 });
    addUrl(a, 'web', 'http://localhost:5173/');
    // Then the other does not
    expect(a.getState().processes.web?.status).toBe('starting');
    expect(b.getState().processes.web?.status).toBe('idle');
    expect(b.getState().urls.web).toEqual([]);
    // And an empty store has nothing
    expect(createBrumStore().getState().order).toEqual([]);
  });

  it('rejects a duplicate process id and leaves the store unchanged', () => {
    const store = createBrumStore(specs);
    const before = store.getState();
    expect(() => addProcess(store, { id: 'web', name: 'web2', command: 'x', cwd: '/' })).toThrow(
      'duplicate process id "web"',
    );
    expect(store.getState()).toBe(before);
  });

  it('freezes every object of the snapshot', () => {
    const s = createBrumStore(specs).getState();
    for (const o of allObjects(s)) expect(Object.isFrozen(o)).toBe(true);
    expect(() => {
      (s as { lastSeq: number }).lastSeq = 5;
    }).toThrow(TypeError);
    expect(() => {
      (s.order as string[]).push('x');
    }).toThrow(TypeError);
  });
});

describe('dispatch', () => {
  it('replaces only the changed process and keeps every other identity', () => {
    // Given a store and a snapshot
    const store = createBrumStore(specs);
    const before = store.getState();
    // When web starts
    const returned = dispatch(store, 'web', { type: 'start', at: 1 });
    const after = store.getState();
    // Then a new snapshot holds a new web object, returned by dispatch
    expect(after).not.toBe(before);
    expect(after.processes).not.toBe(before.processes);
    expect(after.processes.web).not.toBe(before.processes.web);
    expect(after.processes.web).toBe(returned);
    expect(returned.status).toBe('starting');
    // And everything else is the very same object
    expect(after.processes.api).toBe(before.processes.api);
    expect(after.processes.tsc).toBe(before.processes.tsc);
    expect(after.order).toBe(before.order);
    expect(after.logs).toBe(before.logs);
    expect(after.errors).toBe(before.errors);
    expect(after.urls).toBe(before.urls);
  });

  it('never changes a snapshot taken earlier', () => {
    // Given a snapshot and a deep copy of it
    const store = createBrumStore(specs);
    const early = store.getState();
    const copy: unknown = JSON.parse(JSON.stringify(early));
    // When many updates follow
    dispatch(store, 'web', { type: 'start', at: 1 });
    dispatch(store, 'web', { type: 'spawned', pid: 10, at: 2 });
    dispatch(store, 'api', { type: 'start', at: 3 });
    setLogCounters(store, { web: { lines: 5, bytes: 50, dropped: 0, cleared: 0 } }, 5);
    addErrors(store, 'web', [errorSummary('web', 1)]);
    addUrl(store, 'web', 'http://localhost:3000/');
    addProcess(store, { id: 'extra', name: 'extra', command: 'x', cwd: '/' });
    // Then the early snapshot still reads exactly as before
    expect(early).toEqual(copy);
    expect(early.processes.web?.status).toBe('idle');
    expect(store.getState().processes.web?.status).toBe('running');
  });

  it('leaves the store unchanged (same snapshot reference) on an illegal event', () => {
    // Given an idle process and its subscribers
    const store = createBrumStore(specs);
    const before = store.getState();
    const notes = countNotifications(store);
    // When an illegal event is dispatched
    // Then it throws and nothing changed, nobody was notified
    expect(() => dispatch(store, 'web', { type: 'stop', at: 1 })).toThrow(IllegalTransitionError);
    expect(store.getState()).toBe(before);
    expect(notes.count()).toBe(0);
  });

  it('throws on an unknown process id without changing the store', () => {
    const store = createBrumStore(specs);
    const before = store.getState();
    expect(() => dispatch(store, 'nope', { type: 'start', at: 1 })).toThrow('unknown process "nope"');
    expect(store.getState()).toBe(before);
  });

  it('produces frozen snapshots', () => {
    const store = createBrumStore(specs);
    dispatch(store, 'api', { type: 'start', at: 1 });
    for (const o of allObjects(store.getState())) expect(Object.isFrozen(o)).toBe(true);
  });

  it('notifies each subscriber exactly once per dispatch', () => {
    // Given two subscribers
    const store = createBrumStore(specs);
    const a = countNotifications(store);
    const b = countNotifications(store);
    // When three events are dispatched
    dispatch(store, 'web', { type: 'start', at: 1 });
    dispatch(store, 'web', { type: 'spawned', pid: 1, at: 2 });
    dispatch(store, 'api', { type: 'start', at: 3 });
    // Then each heard three
    expect(a.count()).toBe(3);
    expect(b.count()).toBe(3);
  });

  it('passes the new and previous snapshot to subscribers', () => {
    const store = createBrumStore(specs);
    const seen: Array<[BrumState, BrumState]> = [];
    store.subscribe((next, prev) => seen.push([next, prev]));
    const before = store.getState();
    dispatch(store, 'tsc', { type: 'start', at: 1 });
    expect(seen).toHaveLength(1);
    expect(seen[0]?.[0]).toBe(store.getState());
    expect(seen[0]?.[1]).toBe(before);
  });
});

describe('setLogCounters', () => {
  it('updates many counters in one change and keeps processes identity', () => {
    // Given a store
    const store = createBrumStore(specs);
    const before = store.getState();
    const notes = countNotifications(store);
    // When a batch of counters arrives
    setLogCounters(
      store,
      { web: { lines: 3, bytes: 30, dropped: 0, cleared: 0 }, api: { lines: 7, bytes: 70, dropped: 1, cleared: 0 } },
      10,
    );
    const after = store.getState();
    // Then one notification, updated counters, untouched ones kept, processes identical
    expect(notes.count()).toBe(1);
    expect(after.logs.web).toEqual({ lines: 3, bytes: 30, dropped: 0, cleared: 0 });
    expect(after.logs.api).toEqual({ lines: 7, bytes: 70, dropped: 1, cleared: 0 });
    expect(after.logs.tsc).toBe(before.logs.tsc);
    expect(after.processes).toBe(before.processes);
    expect(after.order).toBe(before.order);
    expect(after.lastSeq).toBe(10);
    expect(Object.isFrozen(after.logs)).toBe(true);
  });

  it('never moves lastSeq backwards', () => {
    const store = createBrumStore(specs);
    setLogCounters(store, {}, 20);
    setLogCounters(store, { web: { lines: 1, bytes: 1, dropped: 0, cleared: 0 } }, 5);
    expect(store.getState().lastSeq).toBe(20);
    expect(store.getState().logs.web?.lines).toBe(1);
  });
});

describe('addErrors', () => {
  it('appends errors for one process and keeps the others', () => {
    const store = createBrumStore(specs);
    const before = store.getState();
    addErrors(store, 'web', [errorSummary('web', 1), errorSummary('web', 2)]);
    addErrors(store, 'web', [errorSummary('web', 3)]);
    const after = store.getState();
    expect(after.errors.web?.map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(after.errors.api).toBe(before.errors.api);
    expect(after.processes).toBe(before.processes);
    expect(Object.isFrozen(after.errors.web)).toBe(true);
    expect(Object.isFrozen(after.errors.web?.[0])).toBe(true);
  });

  it(`caps at MAX_ERRORS_PER_PROCESS (${MAX_ERRORS_PER_PROCESS}), keeping the newest`, () => {
    // Given a process with errors just under the cap
    const store = createBrumStore(specs);
    const first = Array.from({ length: MAX_ERRORS_PER_PROCESS - 1 }, (_, i) => errorSummary('web', i));
    addErrors(store, 'web', first);
    expect(store.getState().errors.web).toHaveLength(MAX_ERRORS_PER_PROCESS - 1);
    // When ten more arrive
    addErrors(
      store,
      'web',
      Array.from({ length: 10 }, (_, i) => errorSummary('web', MAX_ERRORS_PER_PROCESS - 1 + i)),
    );
    // Then exactly the cap is kept, the oldest nine dropped
    const kept = store.getState().errors.web ?? [];
    expect(kept).toHaveLength(MAX_ERRORS_PER_PROCESS);
    expect(kept[0]?.seq).toBe(9);
    expect(kept[kept.length - 1]?.seq).toBe(MAX_ERRORS_PER_PROCESS + 8);
  });

  it('does nothing (no notification) for an empty batch', () => {
    const store = createBrumStore(specs);
    const before = store.getState();
    const notes = countNotifications(store);
    addErrors(store, 'web', []);
    expect(store.getState()).toBe(before);
    expect(notes.count()).toBe(0);
  });

  it('clearErrors empties one process only', () => {
    const store = createBrumStore(specs);
    addErrors(store, 'web', [errorSummary('web', 1)]);
    addErrors(store, 'api', [errorSummary('api', 2)]);
    clearErrors(store, 'web');
    expect(store.getState().errors.web).toEqual([]);
    expect(store.getState().errors.api).toHaveLength(1);
    expect(Object.isFrozen(store.getState().errors.web)).toBe(true);
    expect(Object.isFrozen(store.getState().errors)).toBe(true);
  });
});

describe('addUrl', () => {
  it('adds a url once per process, in arrival order', () => {
    // Given a store
    const store = createBrumStore(specs);
    const notes = countNotifications(store);
    // When the same url is reported twice among others
    addUrl(store, 'web', 'http://localhost:5173/');
    const afterFirst = store.getState();
    addUrl(store, 'web', 'http://localhost:5173/');
    addUrl(store, 'web', 'http://127.0.0.1:5173/');
    addUrl(store, 'api', 'http://localhost:5173/');
    // Then each process lists it once, and the duplicate did not change the store
    expect(store.getState().urls.web).toEqual(['http://localhost:5173/', 'http://127.0.0.1:5173/']);
    expect(store.getState().urls.api).toEqual(['http://localhost:5173/']);
    expect(notes.count()).toBe(3);
    expect(afterFirst.urls.web).toEqual(['http://localhost:5173/']);
    expect(Object.isFrozen(store.getState().urls.web)).toBe(true);
  });
});
