import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEventBus } from '../src/events/event-bus';
import type { BrumTopics, LogsAppended } from '../src/events/topics';
import { blockOf } from '../src/logs/line-block';
import { LogIngest } from '../src/runtime/log-ingest';
import { LogStore } from '../src/logs/log-store';
import { createBrumStore } from '../src/state/store';

function setup() {
  const store = createBrumStore([
    { id: 'web', name: 'web', command: 'x', cwd: '/' },
    { id: 'api', name: 'api', command: 'y', cwd: '/' },
  ]);
  const logs = new LogStore();
  const bus = createEventBus<BrumTopics>();
  const ingest = new LogIngest({ store, logs, bus, intervalMs: 25, idleFlushMs: 100 });
  let logUpdates = 0;
  store.subscribe((next, prev) => {
    if (next.logs !== prev.logs) logUpdates++;
  });
  const appended: LogsAppended[] = [];
  bus.subscribe('logs.appended', (p) => {
    appended.push(p);
  });
  return { store, logs, bus, ingest, updates: () => logUpdates, appended };
}

const lines = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => `line ${from + i} ordinary output`);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LogIngest', () => {
  it("a stream's end publishes its last lines at once, before its process can be reported as exited", () => {
    // Given lines waiting for the next batch
    const { store, ingest, updates } = setup();
    ingest.block('web', 'stdout', blockOf(lines(3)));
    expect(updates()).toBe(0);
    // When the stream ends: without any time passing, the store has them
    ingest.streamEnded('web');
    expect(updates()).toBe(1);
    expect(store.getState().logs.web?.lines).toBe(3);
  });

  it('a flood of blocks updates the store once per interval, not once per line or block', async () => {
    // Given 200 blocks of 500 lines for two processes within one interval
    const { store, ingest, updates, appended, logs } = setup();
    for (let b = 0; b < 100; b++) {
      ingest.block('web', 'stdout', blockOf(lines(500, b * 500)));
      ingest.block('api', 'stderr', blockOf(lines(500, b * 500)));
    }
    // Then nothing reached the store yet
    expect(updates()).toBe(0);

    // When the interval passes
    await vi.advanceTimersByTimeAsync(25);

    // Then exactly one store update carries both processes' counters, and one notice per process was published
    expect(updates()).toBe(1);
    expect(store.getState().logs.web?.lines).toBe(50_000);
    expect(store.getState().logs.api?.lines).toBe(50_000);
    expect(store.getState().lastSeq).toBe(100_000);
    expect(appended.map((a) => [a.proc, a.count])).toEqual([
      ['web', 50_000],
      ['api', 50_000],
    ]);
    expect(logs.size(null)).toBe(100_000);
  });

  it('detects an error whose stack trace spans two blocks, once the process goes quiet', async () => {
    const { store, ingest } = setup();
    // Given a TypeError header at the end of one block and its frames in the next
    ingest.block('web', 'stderr', blockOf([...lines(3), "TypeError: Cannot read properties of undefined (reading 'id')"]));
    ingest.block('web', 'stderr', blockOf(['    at applyEvent (/app/src/sync.js:26:38)', '    at main (/app/src/main.js:3:1)']));
    await vi.advanceTimersByTimeAsync(25);
    // Then the group is still open: more frames could follow
    expect(store.getState().errors.web).toEqual([]);

    // When the process stays quiet past the idle flush
    await vi.advanceTimersByTimeAsync(150);

    // Then one grouped error with its location and all three lines
    const errors = store.getState().errors.web ?? [];
    expect(errors).toHaveLength(1);
    expect(errors[0]?.location).toEqual({ file: '/app/src/sync.js', line: 26, col: 38 });
    expect(errors[0]?.lines).toHaveLength(3);
    expect(errors[0]?.seq).toBe(4);
  });

  it('finds URLs in a block, publishes each once, and skips quiet blocks entirely', async () => {
    const { store, ingest, bus } = setup();
    const urls: string[] = [];
    bus.subscribe('url.detected', (p) => {
      urls.push(`${p.proc} ${p.url}`);
    });
    ingest.block('web', 'stdout', blockOf(['ready', '  ➜  Local:   http://localhost:5173/', 'again http://localhost:5173/']));
    ingest.block('web', 'stdout', blockOf(lines(1000)));
    ingest.block('api', 'stdout', blockOf(['listening on http://0.0.0.0:4000/api']));
    await vi.advanceTimersByTimeAsync(25);
    expect(store.getState().urls.web).toEqual(['http://localhost:5173/']);
    expect(store.getState().urls.api).toEqual(['http://localhost:4000/api']);
    expect(urls).toEqual(['web http://localhost:5173/', 'api http://localhost:4000/api']);
  });

  it('close() completes open error groups and publishes at once', () => {
    const { store, ingest } = setup();
    ingest.block('api', 'stdout', blockOf(["src/a.ts(3,4): error TS2322: Type 'string' is not assignable to type 'number'."]));
    ingest.close();
    expect(store.getState().errors.api?.map((e) => e.location)).toEqual([{ file: 'src/a.ts', line: 3, col: 4 }]);
    expect(store.getState().logs.api?.lines).toBe(1);
  });
});

describe('LogIngest: pauses in the output', () => {
  it('publishes once the output pauses, flagged not flowing; while it flows, once per interval, flagged flowing', async () => {
    // Given blocks arriving every 2 ms for 60 ms (quiet after 10 ms without one)
    const store = createBrumStore([{ id: 'web', name: 'web', command: 'x', cwd: '/' }]);
    const ingest = new LogIngest({ store, logs: new LogStore(), bus: createEventBus<BrumTopics>(), intervalMs: 25, quietMs: 10 });
    const seen: Array<{ at: number; lines: number; flowing: boolean }> = [];
    const t0 = Date.now();
    store.subscribe((next, prev) => {
      if (next !== prev) seen.push({ at: Date.now() - t0, lines: next.logs.web?.lines ?? 0, flowing: next.logsFlowing });
    });
    for (let i = 0; i < 30; i++) {
      ingest.block('web', 'stdout', blockOf(lines(10, i * 10)));
      await vi.advanceTimersByTimeAsync(2);
    }
    // Then while they flowed: a publish per interval, never a pause
    const during = seen.filter((u) => u.at < 60);
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(during.length).toBeLessThanOrEqual(3);
    expect(during.every((u) => u.flowing)).toBe(true);
    expect(store.getState().logs.web?.lines).toBeLessThan(300);

    // When the output stops: the last lines come within the quiet time, not at the next interval's pace
    await vi.advanceTimersByTimeAsync(12);
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ lines: 300, flowing: false });
    expect(last?.at).toBeLessThanOrEqual(58 + 12);
    // in one update: no reader ever sees the burst's end as still flowing
    expect(seen.filter((u) => u.lines === 300 && u.flowing)).toEqual([]);

    // And when it starts again, it is flowing again from the next publish on
    ingest.block('web', 'stdout', blockOf(lines(10, 300)));
    ingest.block('web', 'stdout', blockOf(lines(10, 310)));
    for (let i = 0; i < 10; i++) {
      ingest.block('web', 'stdout', blockOf(lines(1, 320 + i)));
      await vi.advanceTimersByTimeAsync(3);
    }
    expect(store.getState()).toMatchObject({ logsFlowing: true });
    await vi.advanceTimersByTimeAsync(15);
    expect(store.getState().logsFlowing).toBe(false);
    expect(store.getState().logs.web?.lines).toBe(330);
    ingest.close();
  });
});
