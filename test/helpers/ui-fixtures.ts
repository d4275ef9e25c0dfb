import { vi } from 'vitest';
import type { Controls } from '../../src/runtime/controls';
import { createBrum, type Brum } from '../../src/runtime/brum';
import type { ProcessDef } from '../../src/runtime/types';
import { addErrors, addUrl, dispatch, setLogCounters, type BrumStore } from '../../src/state/store';
import { FIXTURE } from './brum';

/** Pinned time: the snapshot processes started at T0, and the UI's clock says T0 + 2m13s. */
export const T0 = 1_700_000_000_000;
export const NOW = T0 + 133_000;
export const clock = (): number => NOW;

/** Keys as a terminal sends them. */
export const KEYS = {
  up: '\x1b[A',
  down: '\x1b[B',
  enter: '\r',
  esc: '\x1b',
  tab: '\t',
  shiftTab: '\x1b[Z',
  pageUp: '\x1b[5~',
  pageDown: '\x1b[6~',
  home: '\x1b[H',
  end: '\x1b[F',
  backspace: '\x7f',
  ctrlC: '\x03',
  ctrlU: '\x15',
  ctrlD: '\x04',
  ctrlR: '\x12',
} as const;

export type FakeControls = { [K in keyof Controls]: Controls[K] & ReturnType<typeof vi.fn> };

/**
 * Controls that record calls and resolve at once (or never, for stopAll when `stopAllHangs`). Clearing a log is
 * real when `brum` is given (it touches no process), so tests see its effect on the store and the LogStore.
 */
export function fakeControls(opts: { stopAllHangs?: boolean; brum?: Brum } = {}): FakeControls {
  const brum = opts.brum;
  const done = () => Promise.resolve();
  return {
    start: vi.fn(done),
    stop: vi.fn(done),
    restart: vi.fn(done),
    restartAll: vi.fn(done),
    stopAll: vi.fn(opts.stopAllHangs ? () => new Promise<void>(() => undefined) : done),
    killAllNow: vi.fn(() => undefined),
    clearLogs: vi.fn((id: string | null) => brum?.controls.clearLogs(id)),
    add: vi.fn(() => undefined),
    replace: vi.fn(() => undefined),
    remove: vi.fn(done),
  } as FakeControls;
}

/** A definition that is never spawned by the snapshot tests (they drive the store by hand). */
export function def(id: string): ProcessDef {
  return { id, name: id, command: `node ${id}.js`, cwd: FIXTURE, launch: { kind: 'file', file: 'node', args: [`${id}.js`] } };
}

function run(store: BrumStore, id: string, pid: number, at = T0): void {
  dispatch(store, id, { type: 'start', at });
  dispatch(store, id, { type: 'spawned', pid, at });
}

/**
 * The snapshot world, built without a single real process: web (running, restarted once, a URL), api (running,
 * a URL), worker (failed with exit 1 and a detected error), docs (idle). Logs include colour, a tab, a cursor
 * movement and a screen clear that must not survive, and a long line that must be cut.
 */
export function demoBrum(opts: { color?: boolean } = {}): Brum {
  const brum = createBrum({ defs: ['web', 'api', 'worker', 'docs'].map(def), color: opts.color ?? false });
  const { store, logs } = brum;
  run(store, 'web', 4101, T0 - 60_000);
  dispatch(store, 'web', { type: 'exit', code: 0, signal: null, at: T0 - 1000 });
  dispatch(store, 'web', { type: 'start', at: T0, restart: true });
  dispatch(store, 'web', { type: 'spawned', pid: 4242, at: T0 });
  run(store, 'api', 4343);
  run(store, 'worker', 4444);
  const ts = T0 + 1000;
  logs.append('web', 'stdout', '\x1b[1m\x1b[32mVITE v5.4.2\x1b[39m\x1b[22m  ready in 312 ms', ts);
  logs.append('web', 'stdout', '  ➜  Local:   \x1b[36mhttp://localhost:5173/\x1b[39m', ts);
  logs.append('api', 'stdout', '[api] listening on http://127.0.0.1:4000/api', ts);
  logs.append('web', 'stdout', 'GET /\t200\t3ms', ts);
  logs.append('api', 'stdout', '\x1b[2J\x1b[H[api] GET /api/users 200 12ms\x1b[1A', ts);
  logs.append('worker', 'stdout', '[sync] connecting to queue...', ts);
  const errorLine = logs.append('worker', 'stderr', "TypeError: Cannot read properties of undefined (reading 'id')", ts);
  logs.append('worker', 'stderr', '    at applyEvent (src/worker.ts:26:38)', ts);
  logs.append('web', 'stdout', `GET /assets/${'x'.repeat(150)}.js 200 1ms`, ts);
  logs.append('api', 'stderr', '[api] warn: slow query 812ms', ts);
  dispatch(store, 'worker', { type: 'exit', code: 1, signal: null, at: T0 + 4000 });
  addErrors(store, 'worker', [
    {
      proc: 'worker',
      seq: errorLine.seq,
      kind: 'js',
      message: "TypeError: Cannot read properties of undefined (reading 'id')",
      location: { file: 'src/worker.ts', line: 26, col: 38 },
      lines: ["TypeError: Cannot read properties of undefined (reading 'id')", '    at applyEvent (src/worker.ts:26:38)'],
    },
  ]);
  addUrl(store, 'web', 'http://localhost:5173/');
  addUrl(store, 'api', 'http://127.0.0.1:4000/api');
  publishCounters(brum);
  return brum;
}

/** Tells the store about lines appended straight to the LogStore, as the ingest would. */
export function publishCounters(brum: Brum): void {
  const counters: Record<string, ReturnType<Brum['logs']['counters']>> = {};
  for (const id of brum.store.getState().order) counters[id] = brum.logs.counters(id);
  setLogCounters(brum.store, counters, brum.logs.lastSeq);
}

/** Appends `n` numbered lines to a process and publishes them. */
export function appendLines(brum: Brum, proc: string, n: number, text = (i: number) => `${proc} line ${i}`): void {
  const base = brum.logs.counters(proc).lines;
  for (let i = 1; i <= n; i++) brum.logs.append(proc, 'stdout', text(base + i));
  publishCounters(brum);
}
