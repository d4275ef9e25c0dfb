// The push stream (src/control/push-stream.ts) under a slow subscriber: one send in flight, at most one change
// pending, a handful of writes however often the state changes, and the patches (RFC 7396 merge patches) rebuild
// the newest state exactly. First with a fake sink the test drains by hand, then against a real brum: a client on
// GET /v1/events that stops reading while a process floods a million lines.
import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { apply } from 'json-merge-patch';
import { afterEach, describe, expect, it } from 'vitest';
import { PushStream, type PushSink } from '../src/control/push-stream';
import { instancePaths } from '../src/control/instance-paths';
import { BIN, GEN } from './helpers/brum';
import { descendants, survivors, waitFor } from './helpers/proc-tree';

/** One server-sent event as the stream writes it. */
interface Sse {
  readonly event: string;
  readonly data: unknown;
}

function parseSse(text: string): Sse[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (data === undefined) throw new Error(`an event without data: ${JSON.stringify(block)}`);
      return { event, data: JSON.parse(data) as unknown };
    });
}

/** The state a subscriber rebuilds: the first full state, then each patch merged in order. */
function rebuild(events: readonly Sse[]): unknown {
  const [first, ...rest] = events;
  if (first?.event !== 'state') throw new Error(`the stream must open with the full state, not ${first?.event}`);
  let state: unknown = structuredClone(first.data);
  for (const e of rest) {
    expect(e.event).toBe('patch');
    state = apply(state, e.data);
  }
  return state;
}

/**
 * A subscriber that never keeps up: every write "fills the buffer" (returns false) until the test emits 'drain'.
 * It counts what a real socket would hold: the writes not yet drained, and the drain listeners waiting.
 */
class SlowSink extends EventEmitter implements PushSink {
  readonly chunks: string[] = [];
  /** Writes made since the last drain: what sits in the subscriber's buffer. */
  undrained = 0;
  maxUndrained = 0;
  maxDrainListeners = 0;

  write(chunk: string): boolean {
    this.chunks.push(chunk);
    this.undrained++;
    this.maxUndrained = Math.max(this.maxUndrained, this.undrained);
    // The listener is added right after this returns: checked at the next drain.
    return false;
  }

  drain(): void {
    this.maxDrainListeners = Math.max(this.maxDrainListeners, this.listenerCount('drain'));
    this.undrained = 0;
    this.emit('drain');
  }

  events(): Sse[] {
    return parseSse(this.chunks.join(''));
  }
}

/** A snapshot shaped like the API's (processes by name, counters, lists), changed a little at each step. */
function world(procs: number): { snapshot: () => unknown; change: (i: number) => void } {
  const processes: Record<string, { name: string; status: string; pid: number; lines: number; urls: string[]; errors: number }> = {};
  for (let p = 0; p < procs; p++) processes[`p${p}`] = { name: `p${p}`, status: 'running', pid: 1000 + p, lines: 0, urls: [], errors: 0 };
  const order = Object.keys(processes);
  const project = { note: 'none' };
  return {
    // A fresh copy each time, as pushSnapshot builds one from the store: the stream must not see later mutations.
    snapshot: () => structuredClone({ v: 1, order, processes, project }),
    change(i) {
      const p = processes[`p${i % procs}`] as (typeof processes)[string];
      p.lines += 1 + (i % 7);
      if (i % 97 === 0) p.status = p.status === 'running' ? 'restarting' : 'running';
      if (i % 101 === 0) p.pid += 10_000;
      if (i % 499 === 0) p.urls = [...p.urls, `http://localhost:${3000 + i}`];
      if (i % 877 === 0) p.errors++;
      if (i % 1999 === 0) project.note = `note ${i}`;
      // A process that comes and goes: its key appears, then is removed (a merge patch's null).
      if (i % 1500 === 0) processes.extra = { name: 'extra', status: 'running', pid: i, lines: 0, urls: [], errors: 0 };
      if (i % 1500 === 750) delete processes.extra;
    },
  };
}

describe('PushStream with a subscriber that never keeps up', () => {
  it('holds one send in flight and one pending change through 20,000 changes, and the patches rebuild the final state', () => {
    // Given a stream on a sink that drains only when the test says so, and a clock the test moves
    let clock = 1_000_000;
    const sink = new SlowSink();
    const w = world(12);
    const stream = new PushStream(sink, w.snapshot, () => clock);
    expect(sink.events().map((e) => e.event)).toEqual(['state']);
    const first = w.snapshot();
    // When the state changes 20,000 times, and the subscriber drains only every 1,000 changes (the 50 ms
    // spacing between patches has passed by then)
    const CHANGES = 20_000;
    for (let i = 1; i <= CHANGES; i++) {
      w.change(i);
      stream.changed();
      expect(sink.undrained).toBeLessThanOrEqual(1);
      if (i % 1000 === 0) {
        clock += 60;
        sink.drain();
      }
    }
    // And one more change comes after the last drain, and is drained too
    w.change(CHANGES + 1);
    stream.changed();
    clock += 60;
    sink.drain();
    clock += 60;
    sink.drain();
    // Then there was never more than one write unacknowledged, one drain listener, or one pending change
    expect(sink.maxUndrained).toBe(1);
    expect(sink.maxDrainListeners).toBe(1);
    expect(stream.stats.maxPending).toBeLessThanOrEqual(1);
    // And the writes are one per drain (the first full state, then one patch each time the reader caught up)
    const events = sink.events();
    expect(events.length).toBe(1 + CHANGES / 1000 + 1);
    expect(stream.stats.sent).toBe(events.length - 1);
    // And applying the patches to the first state gives exactly the final snapshot
    expect(events[0]?.data).toEqual(first);
    expect(rebuild(events)).toEqual(w.snapshot());
    stream.close();
  });

  it('sends nothing more after the subscriber has gone, however the state changes', () => {
    let clock = 0;
    const sink = new SlowSink();
    const w = world(3);
    const stream = new PushStream(sink, w.snapshot, () => clock);
    sink.emit('close');
    for (let i = 1; i <= 1000; i++) {
      w.change(i);
      stream.changed();
    }
    clock += 1000;
    sink.drain();
    expect(sink.chunks).toHaveLength(1);
    expect(stream.stats.sent).toBe(0);
  });

  it('a fast subscriber gets at most one patch per 50 ms however fast the state changes, and the last one is the final state', async () => {
    // Given a sink that always accepts at once (a reader that keeps up), on the real clock
    const chunks: string[] = [];
    const sink = Object.assign(new EventEmitter(), {
      write(chunk: string): boolean {
        chunks.push(chunk);
        return true;
      },
    });
    const w = world(8);
    const stream = new PushStream(sink, w.snapshot);
    const started = Date.now();
    // When the state changes in a tight stream of event-loop turns for ~400 ms
    let changes = 0;
    while (Date.now() - started < 400) {
      for (let k = 0; k < 50; k++) {
        w.change(++changes);
        stream.changed();
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const elapsed = Date.now() - started;
    // Then, once the last spaced-out patch has gone, the subscriber holds the final state
    const final = w.snapshot();
    await waitFor(() => isDeepStrictEqual(rebuild(parseSse(chunks.join(''))), final), 'the final state to arrive', 2000, 5);
    expect(rebuild(parseSse(chunks.join('')))).toEqual(final);
    // And it came in at most one patch per 50 ms (plus the trailing one), not one per change
    const patches = chunks.length - 1;
    expect(changes).toBeGreaterThan(1000);
    expect(patches).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 2);
    expect(stream.stats.maxPending).toBeLessThanOrEqual(1);
    stream.close();
  });
});

describe('PushStream and RFC 7396', () => {
  // A merge patch cannot say "this field is now null": null means "remove the field". So the stream leaves null
  // fields out of the state and the patches alike (a reader reads a missing field as null), and the subscriber's
  // copy equals what was sent: a field that becomes null is gone from both, never left behind with its old value.
  it('a field that becomes null is left out of the rebuilt state, exactly as out of the snapshot sent', () => {
    let clock = 0;
    const sink = new SlowSink();
    const view = { name: 'api', status: 'running', pid: 42 as number | null, ready: true as boolean | null };
    const stream = new PushStream(sink, () => structuredClone({ processes: { api: view } }), () => clock);
    view.status = 'exited';
    view.pid = null;
    view.ready = null;
    stream.changed();
    clock += 60;
    sink.drain();
    expect(rebuild(sink.events())).toEqual({ processes: { api: { name: 'api', status: 'exited' } } });
    expect(rebuild(sink.events())).toEqual(withoutNulls({ processes: { api: view } }));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Against a real brum: GET /v1/events over the instance's socket, a reader that stops reading, a 1M-line flood.

interface Running {
  readonly child: ChildProcess;
  readonly dir: string;
  readonly runtime: string;
  readonly out: string;
  exited: Promise<number>;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `brum run` in a temp project, its output in a file (a million prefixed lines do not belong in memory). */
function brumRun(yaml: string): Running {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-push-'));
  const runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
  writeFileSync(path.join(dir, 'brum.yaml'), yaml);
  const out = path.join(dir, 'out.txt');
  const fd = openSync(out, 'w');
  const child = spawn(process.execPath, [BIN, 'run', '--no-color'], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, BRUM_RUNTIME_DIR: runtime },
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  const exited = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : 143))));
  const running: Running = { child, dir, runtime, out, exited };
  cleanups.push(async () => {
    const tree = descendants(child.pid as number);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    // brum's reaper (a child in its own session) ends right after brum: give it a moment
    const all = [child.pid as number, ...tree];
    const left = await waitFor(() => survivors(all).length === 0, 'brum\'s processes to end', 5000).then(
      () => [],
      () => survivors(all),
    );
    for (const pid of left) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(runtime, { recursive: true, force: true });
    expect(left, 'processes left behind by brum').toEqual([]);
  });
  return running;
}

interface Api {
  readonly socket: string;
  readonly token: string;
  request(method: string, p: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

async function apiOf(run: Running): Promise<Api> {
  const paths = instancePaths(run.dir, { BRUM_RUNTIME_DIR: run.runtime });
  const token = await waitFor(() => readFileSync(paths.token, 'utf8').trim(), `the token file of the brum in ${run.dir}`, 15_000);
  const api: Api = {
    socket: paths.socket,
    token,
    request: (method, p) =>
      new Promise((resolve, reject) => {
        const req = http.request({ socketPath: paths.socket, method, path: p, headers: { authorization: `Bearer ${token}` } }, (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (text += d));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
        });
        req.on('error', reject);
        req.end();
      }),
  };
  await waitFor(async () => (await api.request('GET', '/v1/health')).status === 200, 'the API to answer', 15_000);
  return api;
}

/** GET /v1/processes holds nulls; the stream leaves them out, and its reader reads a missing field as null. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

describe('GET /v1/events with a reader that stops reading during a 1M-line flood', () => {
  it('gets far fewer patches than changes, and after resuming rebuilds exactly what GET /v1/processes says', async () => {
    // Given a headless brum with an idle process (so brum keeps running) and a flood that waits to be started
    const LINES = 1_000_000;
    const run = brumRun(
      [
        'processes:',
        '  idle:',
        `    command: '"${process.execPath}" -e "setInterval(() => {}, 60000)"'`,
        '  flood:',
        `    command: '"${process.execPath}" "${GEN}" flood ${LINES}'`,
        '    autostart: false',
        '',
      ].join('\n'),
    );
    const api = await apiOf(run);
    await waitFor(async () => ((await api.request('GET', '/v1/processes/idle')).body.process as { status: string }).status === 'running', 'idle running');
    // And a subscriber on the push stream
    let received = '';
    const req = http.request({ socketPath: api.socket, path: '/v1/events', headers: { authorization: `Bearer ${api.token}` } });
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      req.on('response', resolve);
      req.on('error', reject);
      req.end();
    });
    cleanups.push(() => void req.destroy());
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream');
    res.setEncoding('utf8');
    res.on('data', (d: string) => (received += d));
    await waitFor(() => received.includes('\n\n'), 'the first full state');
    const first = parseSse(received);
    expect(first.map((e) => e.event)).toEqual(['state']);
    // When it stops reading, and the flood runs to its end
    res.pause();
    const receivedBefore = received.length;
    const started = Date.now();
    expect((await api.request('POST', '/v1/processes/flood/start?wait=0')).status).toBe(200);
    const ended = await waitFor(
      async () => {
        const p = (await api.request('GET', '/v1/processes/flood')).body.process as { status: string; lines: number };
        return p.status === 'exited' || p.status === 'failed' ? p : null;
      },
      'the flood to end',
      120_000,
      50,
    );
    const floodMs = Date.now() - started;
    expect(ended).toMatchObject({ status: 'exited', lines: LINES });
    // What waits unread in the client's buffer (the rest, if any, in the sockets' kernel buffers)
    const heldWhilePaused = res.readableLength;
    expect(received.length).toBe(receivedBefore);
    // Then it resumes: the patches it reads rebuild the state GET /v1/processes gives now
    res.resume();
    const expected = (await api.request('GET', '/v1/processes')).body as { v: number; processes: Array<{ name: string }> };
    const rebuilt = (): { processes: Record<string, unknown>; order: string[] } => rebuild(parseSse(received)) as { processes: Record<string, unknown>; order: string[] };
    const wanted = Object.fromEntries(expected.processes.map((p) => [p.name, withoutNulls(p)]));
    // (Compared field by field: a field a patch added comes last in the rebuilt object, so key order differs.)
    await waitFor(() => isDeepStrictEqual(withoutNulls(rebuilt().processes), wanted), 'the rebuilt state to match GET /v1/processes', 10_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nrebuilt: ${JSON.stringify(withoutNulls(rebuilt().processes))}\nwanted:  ${JSON.stringify(wanted)}`);
    });
    const events = parseSse(received);
    const state = rebuilt();
    expect(withoutNulls(state.processes)).toEqual(wanted);
    expect(state.order).toEqual(expected.processes.map((p) => p.name));
    expect((state.processes.flood as { lines: number }).lines).toBe(LINES);
    // And it got a few dozen patches for a million lines: at most one per 50 ms of the flood, with room for
    // the start, the end and the tail after it, and a few kilobytes in all, not a queue that grew while paused
    const patches = events.length - 1;
    console.log(`push stream: ${patches} patches, ${received.length} bytes for ${LINES} lines in ${floodMs} ms (${heldWhilePaused} bytes waited unread in the client's buffer)`);
    expect(patches).toBeGreaterThan(0);
    expect(patches).toBeLessThanOrEqual(Math.ceil((Date.now() - started) / 50) + 5);
    expect(received.length).toBeLessThan(200_000);
    req.destroy();
  }, 180_000);
});
