// Dependencies, readiness, restart policies and ordered shutdown, on the fake spawner and clock: the policies'
// logic without real processes (the real-process guarantees are in test/orchestration.int.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { createBrum, type Brum } from '../src/runtime/brum';
import type { Dependency, ProcessDef, RestartPolicy } from '../src/runtime/types';
import { FakeClock, FakePort } from './helpers/fake-port';

const brums: Brum[] = [];
afterEach(async () => {
  for (const b of brums.splice(0)) {
    b.controls.killAllNow();
    await b.supervisor.settled();
    await b.close();
  }
});

function def(id: string, extra: Partial<ProcessDef> = {}): ProcessDef {
  return { id, name: id, command: `run ${id}`, cwd: process.cwd(), launch: { kind: 'shell', command: `run ${id}` }, ...extra };
}
const on = (id: string, condition: Dependency['condition'], restart = false): Dependency => ({ id, condition, restart });
const logReady = (pattern: string, timeoutMs = 60_000) => ({ check: { kind: 'log', pattern } as const, periodMs: 100, timeoutMs });
const policy = (extra: Partial<RestartPolicy> = {}): RestartPolicy => ({
  mode: 'on-failure',
  delayMs: 500,
  factor: 2,
  maxDelayMs: 30_000,
  jitter: 0,
  maxRestarts: 3,
  resetAfterMs: 30_000,
  ...extra,
});

function setup(defs: ProcessDef[]): { brum: Brum; port: FakePort; clock: FakeClock } {
  const port = new FakePort();
  const clock = new FakeClock();
  const brum = createBrum({ defs, port, clock, random: () => 0.5 });
  brums.push(brum);
  return { brum, port, clock };
}

const proc = (brum: Brum, id: string) => {
  const p = brum.store.getState().processes[id];
  if (p === undefined) throw new Error(`no process ${id}`);
  return p;
};

/** Advances the fake clock in probe-period steps until `done` holds (each step lets the promises settle). */
async function advanceUntil(clock: FakeClock, done: () => boolean, stepMs = 100, maxSteps = 100): Promise<void> {
  for (let i = 0; i < maxSteps && !done(); i++) {
    clock.advance(stepMs);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  expect(done()).toBe(true);
}

describe('depends_on', () => {
  it('ready: the dependency starts first, the dependent waits visibly, and starts once the probe passes', async () => {
    const { brum, port, clock } = setup([def('db', { ready: logReady('accepting connections') }), def('api', { dependsOn: [on('db', 'ready')] })]);
    void brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status).toBe('waiting');
    expect(proc(brum, 'api').waitingFor).toBe('db: ready');
    await expect.poll(() => proc(brum, 'db').status).toBe('running');
    expect(proc(brum, 'db').readiness).toEqual({ state: 'checking', via: 'log /accepting connections/' });
    // A few periods pass without the line: still waiting, api not spawned.
    clock.advance(300);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(port.children.map((c) => c.def.id)).toEqual(['db']);
    port.last('db').stdout.write('LOG: database system is ready, accepting connections\n');
    await advanceUntil(clock, () => proc(brum, 'api').status === 'running');
    expect(proc(brum, 'db').readiness).toMatchObject({ state: 'ready', via: 'log /accepting connections/' });
  });

  it('succeeded: a one-shot that exits 0 lets the dependent start; one that fails fails it with the reason', async () => {
    const ok = setup([def('migrate'), def('api', { dependsOn: [on('migrate', 'succeeded')] })]);
    void ok.brum.controls.start('api');
    await expect.poll(() => proc(ok.brum, 'migrate').status).toBe('running');
    expect(proc(ok.brum, 'api')).toMatchObject({ status: 'waiting', waitingFor: 'migrate: succeeded' });
    ok.port.last('migrate').exit(0);
    await expect.poll(() => proc(ok.brum, 'api').status).toBe('running');

    const bad = setup([def('migrate'), def('api', { dependsOn: [on('migrate', 'succeeded')] })]);
    void bad.brum.controls.start('api');
    await expect.poll(() => proc(bad.brum, 'migrate').status).toBe('running');
    bad.port.last('migrate').exit(3);
    await expect.poll(() => proc(bad.brum, 'api').status).toBe('failed');
    expect(proc(bad.brum, 'api').reason).toBe('migrate failed: exited with code 3');
    expect(bad.port.children.map((c) => c.def.id)).toEqual(['migrate']);
  });

  it('a migration that already succeeded is not run again for a later start', async () => {
    const { brum, port } = setup([def('migrate'), def('api', { dependsOn: [on('migrate', 'succeeded')] })]);
    await brum.controls.start('migrate');
    port.last('migrate').exit(0);
    await expect.poll(() => proc(brum, 'migrate').status).toBe('exited');
    await brum.controls.start('api');
    expect(proc(brum, 'api').status).toBe('running');
    expect(port.children.filter((c) => c.def.id === 'migrate')).toHaveLength(1);
  });

  it('exited: any exit code will do; started: holds as soon as it runs', async () => {
    const { brum, port } = setup([def('seed'), def('tail'), def('api', { dependsOn: [on('seed', 'exited'), on('tail', 'started')] })]);
    void brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').waitingFor).toBe('seed: exited');
    port.last('seed').exit(1);
    await expect.poll(() => proc(brum, 'api').status).toBe('running');
  });

  it('transitively: db → migrate → api starts in that order', async () => {
    const { brum, port, clock } = setup([
      def('db', { ready: logReady('up') }),
      def('migrate', { dependsOn: [on('db', 'ready')] }),
      def('api', { dependsOn: [on('migrate', 'succeeded'), on('db', 'ready')] }),
    ]);
    void brum.controls.start('api');
    await expect.poll(() => proc(brum, 'db').status).toBe('running');
    expect(proc(brum, 'migrate').status).toBe('waiting');
    expect(proc(brum, 'api').waitingFor).toBe('migrate: succeeded, db: ready');
    port.last('db').stdout.write('up\n');
    await advanceUntil(clock, () => proc(brum, 'migrate').status === 'running');
    port.last('migrate').exit(0);
    await expect.poll(() => proc(brum, 'api').status).toBe('running');
    expect(port.children.map((c) => c.def.id)).toEqual(['db', 'migrate', 'api']);
  });

  it('a dependency that never becomes ready in time fails the dependent, naming it; the dependency keeps running', async () => {
    const { brum, clock } = setup([def('db', { ready: logReady('never', 1000) }), def('api', { dependsOn: [on('db', 'ready')] })]);
    void brum.controls.start('api');
    await expect.poll(() => proc(brum, 'db').status).toBe('running');
    await advanceUntil(clock, () => proc(brum, 'api').status === 'failed');
    expect(proc(brum, 'api').reason).toBe('db not ready after 1 s (log /never/)');
    expect(proc(brum, 'db')).toMatchObject({ status: 'running', readiness: { state: 'unready' } });
  });

  it('a stop while waiting calls the wait off: nothing is spawned for it later', async () => {
    const { brum, port } = setup([def('migrate'), def('api', { dependsOn: [on('migrate', 'succeeded')] })]);
    void brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status).toBe('waiting');
    await brum.controls.stop('api');
    expect(proc(brum, 'api').status).toBe('idle');
    port.last('migrate').exit(0);
    await expect.poll(() => proc(brum, 'migrate').status).toBe('exited');
    expect(port.children.map((c) => c.def.id)).toEqual(['migrate']);
  });

  it('restart: true restarts the dependent whenever the dependency restarts', async () => {
    const { brum, port } = setup([def('db'), def('api', { dependsOn: [on('db', 'started', true)] }), def('web', { dependsOn: [on('db', 'started')] })]);
    await brum.controls.start('api');
    await brum.controls.start('web');
    await expect.poll(() => proc(brum, 'api').status).toBe('running');
    await brum.controls.restart('db');
    await expect.poll(() => port.children.filter((c) => c.def.id === 'api')).toHaveLength(2);
    expect(proc(brum, 'api').restarts).toBe(1);
    expect(port.children.filter((c) => c.def.id === 'web')).toHaveLength(1);
  });
});

describe('commands during orchestration', () => {
  it('a second start of a waiting process does not jump its wait', async () => {
    const { brum, port } = setup([def('migrate'), def('api', { dependsOn: [on('migrate', 'succeeded')] })]);
    void brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status).toBe('waiting');
    await brum.controls.start('api');
    expect(proc(brum, 'api').status).toBe('waiting');
    expect(port.children.map((c) => c.def.id)).toEqual(['migrate']);
  });

  it('restart all restarts a dependent that restarts with its dependency once, not twice', async () => {
    const { brum, port } = setup([def('db'), def('api', { dependsOn: [on('db', 'started', true)] })]);
    await brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status).toBe('running');
    await brum.controls.restartAll();
    await expect.poll(() => port.children.filter((c) => c.alive).map((c) => c.def.id)).toEqual(['db', 'api']);
    expect(proc(brum, 'api').status).toBe('running');
    expect(port.children.map((c) => c.def.id)).toEqual(['db', 'api', 'db', 'api']);
  });
});

describe('restart: true after a dependency ended', () => {
  it('starting a dependency again after it ended restarts the dependents that asked for it', async () => {
    const { brum, port } = setup([def('db'), def('api', { dependsOn: [on('db', 'started', true)] })]);
    await brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status).toBe('running');
    port.last('db').exit(1);
    await expect.poll(() => proc(brum, 'db').status).toBe('failed');
    await brum.controls.start('db');
    await expect.poll(() => port.children.filter((c) => c.def.id === 'api')).toHaveLength(2);
    await expect.poll(() => proc(brum, 'api').status).toBe('running');
  });
});

describe('ordered shutdown', () => {
  it('stops dependents before their dependencies, each with its own signal', async () => {
    const { brum, port } = setup([
      def('db', { stop: { signal: 'SIGINT', timeoutMs: 10_000 } }),
      def('migrate', { dependsOn: [on('db', 'started')] }),
      def('api', { dependsOn: [on('db', 'started'), on('migrate', 'started')] }),
    ]);
    await brum.controls.start('api');
    await expect.poll(() => proc(brum, 'api').status).toBe('running');
    const order: string[] = [];
    brum.bus.subscribe('process.transition', (t) => {
      if (t.to === 'stopping') order.push(t.id);
    });
    await brum.controls.stopAll();
    await expect.poll(() => order).toEqual(['api', 'migrate', 'db']);
    expect(port.last('db').signals).toEqual(['SIGINT']);
    expect(port.last('api').signals).toEqual(['SIGTERM']);
  });
});

describe('restart policy', () => {
  it('restarts a crash after min(delay × factor^(n-1), max_delay), and gives up after max_restarts with the reason', async () => {
    const { brum, port, clock } = setup([def('flaky', { restart: policy({ maxDelayMs: 1500 }) })]);
    await brum.controls.start('flaky');
    const delays: number[] = [];
    for (let n = 1; n <= 3; n++) {
      port.last('flaky').exit(1);
      await expect.poll(() => proc(brum, 'flaky').status).toBe('restarting');
      const pending = proc(brum, 'flaky').pendingRestart;
      expect(pending).toMatchObject({ attempt: n, max: 3 });
      delays.push(pending?.delayMs ?? -1);
      clock.advance((pending?.delayMs ?? 0) - 1);
      await new Promise<void>((resolve) => setImmediate(resolve));
      expect(proc(brum, 'flaky').status).toBe('restarting');
      clock.advance(1);
      await expect.poll(() => proc(brum, 'flaky').status).toBe('running');
    }
    expect(delays).toEqual([500, 1000, 1500]);
    expect(proc(brum, 'flaky').restarts).toBe(3);
    clock.advance(2000);
    port.last('flaky').exit(1);
    await expect.poll(() => proc(brum, 'flaky').status).toBe('failed');
    expect(proc(brum, 'flaky').reason).toBe('crash loop: gave up after 3 restarts in 5 s');
  });

  it('a user stop during the backoff calls the restart off; a start during it starts at once', async () => {
    const { brum, port, clock } = setup([def('flaky', { restart: policy() })]);
    await brum.controls.start('flaky');
    port.last('flaky').exit(1);
    await expect.poll(() => proc(brum, 'flaky').status).toBe('restarting');
    await brum.controls.stop('flaky');
    expect(proc(brum, 'flaky')).toMatchObject({ status: 'failed', pendingRestart: null, reason: 'exited with code 1' });
    clock.advance(60_000);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(port.children).toHaveLength(1);

    await brum.controls.start('flaky');
    port.last('flaky').exit(1);
    await expect.poll(() => proc(brum, 'flaky').status).toBe('restarting');
    await brum.controls.start('flaky');
    expect(proc(brum, 'flaky').status).toBe('running');
    expect(port.children).toHaveLength(3);
    // The timer of the called-off restart fires into nothing.
    clock.advance(60_000);
    await new Promise<void>((resolve) => setImmediate(resolve));
    expect(port.children).toHaveLength(3);
  });

  it('on-failure leaves a clean exit alone; always restarts it; a requested stop is never restarted', async () => {
    const { brum, port } = setup([def('once', { restart: policy() }), def('loop', { restart: policy({ mode: 'always' }) })]);
    await brum.controls.start('once');
    await brum.controls.start('loop');
    port.last('once').exit(0);
    port.last('loop').exit(0);
    await expect.poll(() => proc(brum, 'once').status).toBe('exited');
    await expect.poll(() => proc(brum, 'loop').status).toBe('restarting');
    await brum.controls.start('loop');
    await brum.controls.stop('loop');
    expect(proc(brum, 'loop').status).toBe('exited');
  });

  it('counts a run that lasted reset_after as healthy: the next crash starts a new streak', async () => {
    const { brum, port, clock } = setup([def('flaky', { restart: policy({ resetAfterMs: 10_000 }) })]);
    await brum.controls.start('flaky');
    port.last('flaky').exit(1);
    await expect.poll(() => proc(brum, 'flaky').pendingRestart?.attempt).toBe(1);
    clock.advance(500);
    await expect.poll(() => proc(brum, 'flaky').status).toBe('running');
    clock.advance(10_000);
    port.last('flaky').exit(1);
    await expect.poll(() => proc(brum, 'flaky').pendingRestart).toMatchObject({ attempt: 1, delayMs: 500 });
  });
});

describe('env files at start', () => {
  it('a missing env_file fails that process with the reason; the others run', async () => {
    const { brum } = setup([def('api', { envFiles: ['/nonexistent/brum-test/.env'] }), def('web')]);
    await brum.controls.start('api');
    await brum.controls.start('web');
    expect(proc(brum, 'api')).toMatchObject({ status: 'failed', reason: 'env_file not found: /nonexistent/brum-test/.env' });
    expect(proc(brum, 'web').status).toBe('running');
  });
});
