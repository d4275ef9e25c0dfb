// Dependencies, readiness probes, restart policies and ordered shutdown with real processes, sockets and files:
// the guarantees end to end (the policies' logic alone is specified on fakes in test/orchestration.test.ts).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunHistory } from '../src/headless/run-history';
import { createBrum, type Brum } from '../src/runtime/brum';
import type { Dependency, Probe, ProbeCheck, ProcessDef, RestartPolicy } from '../src/runtime/types';
import { ROOT } from './helpers/brum';
import { survivors } from './helpers/proc-tree';
import { freePort } from './helpers/net';

const SERVICE = path.join(ROOT, 'test/fixtures/orchestra/service.mjs');
const brums: Brum[] = [];
const pids: number[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const b of brums.splice(0)) {
    await b.controls.stopAll();
    await b.supervisor.settled();
    await b.close();
  }
  // Nothing any test started is left.
  expect(survivors(pids.splice(0))).toEqual([]);
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function svc(id: string, args: readonly (string | number)[], extra: Partial<ProcessDef> = {}): ProcessDef {
  const argv = [SERVICE, ...args.map(String)];
  return {
    id,
    name: id,
    command: `node service.mjs ${args.join(' ')}`,
    cwd: ROOT,
    launch: { kind: 'file', file: process.execPath, args: argv },
    ...extra,
    env: { NAME: id, ...extra.env },
  };
}
const probe = (check: ProbeCheck, timeoutMs = 10_000): Probe => ({ check, periodMs: 100, timeoutMs });
const on = (id: string, condition: Dependency['condition']): Dependency => ({ id, condition, restart: false });

function setup(defs: ProcessDef[]): Brum {
  const brum = createBrum({ defs, killTimeoutMs: 3000 });
  brums.push(brum);
  brum.store.subscribe((s) => {
    for (const id of s.order) {
      const pid = s.processes[id]?.pid;
      if (pid != null && !pids.includes(pid)) pids.push(pid);
    }
  });
  return brum;
}

const proc = (brum: Brum, id: string) => {
  const p = brum.store.getState().processes[id];
  if (p === undefined) throw new Error(`no process ${id}`);
  return p;
};


function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-orch-'));
  dirs.push(dir);
  return dir;
}

const POLL = { timeout: 15_000, interval: 20 };

/**
 * Starts `api`, which depends on `db: ready`, and checks the order of events: db runs first, api waits visibly,
 * db becomes ready no earlier than its service could answer, and api starts only after that.
 */
async function readyThenDependent(dbProbe: Probe, dbArgs: readonly (string | number)[], delayMs: number): Promise<void> {
  const brum = setup([svc('db', dbArgs, { ready: dbProbe }), svc('api', ['idle', '-', 0], { dependsOn: [on('db', 'ready')] })]);
  void brum.controls.start('api');
  await expect.poll(() => proc(brum, 'api').status, POLL).toBe('waiting');
  expect(proc(brum, 'api').waitingFor).toBe('db: ready');
  await expect.poll(() => proc(brum, 'api').status, POLL).toBe('running');
  const db = proc(brum, 'db');
  const api = proc(brum, 'api');
  expect(db.readiness?.state).toBe('ready');
  const readyAt = db.readiness?.state === 'ready' ? db.readiness.at : Infinity;
  expect(readyAt - (db.startedAt ?? 0)).toBeGreaterThanOrEqual(delayMs - 50);
  expect(api.startedAt ?? 0).toBeGreaterThanOrEqual(readyAt);
}

describe('readiness probes with real services', () => {
  it('tcp: a server that listens after 500 ms', async () => {
    const port = await freePort();
    await readyThenDependent(probe({ kind: 'tcp', host: '127.0.0.1', port }), ['tcp', port, 500], 500);
  });

  it('http: a health endpoint that turns 200 after 500 ms', async () => {
    const port = await freePort();
    await readyThenDependent(probe({ kind: 'http', url: `http://127.0.0.1:${port}/health` }), ['http', port, 500], 500);
  });

  it('log: a line that appears after 400 ms', async () => {
    await readyThenDependent(probe({ kind: 'log', pattern: 'ready to (serve|go)' }), ['log', 'db: ready to serve', 400], 400);
  });

  it('log: the check runs when the line arrives, not at the next period (a 5 s period still sees it at once)', async () => {
    const brum = setup([
      svc('db', ['log', 'db: ready to serve', 300], { ready: { check: { kind: 'log', pattern: 'ready to serve' }, periodMs: 5000, timeoutMs: 20_000 } }),
    ]);
    await brum.controls.start('db');
    await expect.poll(() => proc(brum, 'db').readiness?.state, POLL).toBe('ready');
    const r = proc(brum, 'db').readiness;
    // The line comes ~0.3 s after start (plus node's own start-up); the next periodic attempt would be at 5 s.
    expect(r?.state === 'ready' ? r.tookMs : Infinity).toBeLessThan(2500);
  });

  it('exec: a check command that succeeds once a file exists (after 400 ms)', async () => {
    const file = path.join(tempDir(), 'ready.flag');
    await readyThenDependent(probe({ kind: 'exec', command: `test -f ${file}` }), ['touch', file, 400], 400);
  });

  it('timeout: a probe that never passes fails the dependent with the reason; the service keeps running', async () => {
    const port = await freePort();
    const brum = setup([
      svc('db', ['idle', '-', 0], { ready: probe({ kind: 'tcp', host: '127.0.0.1', port }, 600) }),
      svc('api', ['idle', '-', 0], { dependsOn: [on('db', 'ready')] }),
    ]);
    await brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status, POLL).toBe('failed');
    expect(proc(brum, 'api').reason).toBe(`db not ready after 0.6 s (tcp 127.0.0.1:${port})`);
    expect(proc(brum, 'db')).toMatchObject({ status: 'running', readiness: { state: 'unready' } });
  });
});

describe('dependency conditions with real processes', () => {
  it('started, succeeded and exited: api starts after tail started, migrate exited 0 and seed ended', async () => {
    const brum = setup([
      svc('tail', ['idle', '-', 0]),
      svc('migrate', ['exit', 0, 300]),
      svc('seed', ['exit', 3, 200]),
      svc('api', ['idle', '-', 0], { dependsOn: [on('tail', 'started'), on('migrate', 'succeeded'), on('seed', 'exited')] }),
    ]);
    void brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status, POLL).toBe('running');
    const s = brum.store.getState().processes;
    expect(s.migrate).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(s.seed).toMatchObject({ status: 'failed', exitCode: 3 });
    expect(s.api?.startedAt ?? 0).toBeGreaterThanOrEqual(Math.max(s.migrate?.endedAt ?? Infinity, s.seed?.endedAt ?? Infinity));
  });

  it('succeeded: a migration that fails fails the dependent, naming it', async () => {
    const brum = setup([svc('migrate', ['exit', 2, 100]), svc('api', ['idle', '-', 0], { dependsOn: [on('migrate', 'succeeded')] })]);
    await brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status, POLL).toBe('failed');
    expect(proc(brum, 'api').reason).toBe('migrate failed: exited with code 2');
    expect(proc(brum, 'api').pid).toBeNull();
  });
});

describe('restart policy with real processes', () => {
  const crashy: RestartPolicy = { mode: 'on-failure', delayMs: 100, factor: 2, maxDelayMs: 10_000, jitter: 0, maxRestarts: 3, resetAfterMs: 30_000 };

  it('the delays grow (100, 200, 400 ms) and brum gives up after max_restarts with the reason', async () => {
    const brum = setup([svc('flaky', ['exit', 1, 0], { restart: crashy })]);
    const history = new RunHistory(brum.store);
    await brum.controls.start('flaky');
    await expect.poll(() => proc(brum, 'flaky').status, POLL).toBe('failed');
    history.close();
    expect(proc(brum, 'flaky').reason).toMatch(/^crash loop: gave up after 3 restarts in \d+(\.\d+)? s$/);
    const runs = history.runs().get('flaky') ?? [];
    expect(runs.map((r) => r.restartDelayMs)).toEqual([100, 200, 400, null]);
    // The gap between one run's end and the next one's start is at least the delay.
    const gaps = runs.slice(1).map((r, i) => Date.parse(r.startedAt) - Date.parse(runs[i]?.endedAt ?? ''));
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual([100, 200, 400][i] ?? 0));
  });

  it('a stop during the backoff cancels the restart', async () => {
    const brum = setup([svc('flaky', ['exit', 1, 0], { restart: { ...crashy, delayMs: 800 } })]);
    await brum.controls.start('flaky');
    await expect.poll(() => proc(brum, 'flaky').status, POLL).toBe('restarting');
    const pid = proc(brum, 'flaky').pid;
    await brum.controls.stop('flaky');
    expect(proc(brum, 'flaky')).toMatchObject({ status: 'failed', pendingRestart: null });
    // Past the moment the restart was due, nothing started again.
    const due = Date.now() + 1200;
    await expect.poll(() => Date.now() >= due, POLL).toBe(true);
    expect(proc(brum, 'flaky')).toMatchObject({ status: 'failed', pid, restarts: 0 });
  });
});

describe('ordered shutdown with real processes', () => {
  it('stops dependents before their dependencies, each with its own signal', async () => {
    const stopLog = path.join(tempDir(), 'stops.log');
    const env = { STOP_LOG: stopLog };
    const brum = setup([
      svc('db', ['log', 'up', 0], { env, stop: { signal: 'SIGINT', timeoutMs: 3000 } }),
      svc('migrate', ['log', 'up', 0], { env, dependsOn: [on('db', 'started')] }),
      svc('api', ['log', 'up', 0], { env, dependsOn: [on('db', 'started'), on('migrate', 'started')] }),
    ]);
    await brum.controls.start('api');
    // Each has printed its first line, so its signal handlers are in place.
    await expect.poll(() => ['db', 'migrate', 'api'].every((id) => (brum.store.getState().logs[id]?.lines ?? 0) > 0), POLL).toBe(true);
    await brum.controls.stopAll();
    const lines = readFileSync(stopLog, 'utf8').trim().split('\n');
    expect(lines.map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual(['api SIGTERM', 'migrate SIGTERM', 'db SIGINT']);
  });
});
