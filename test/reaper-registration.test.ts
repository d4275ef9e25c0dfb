// The reaper (brum's safety net for kill -9) must hear of a process group the moment it exists, not once the spawn
// has settled: brum killed in between would otherwise leave a group that no one knows of.
import { describe, expect, it } from 'vitest';
import { createBrum } from '../src/runtime/brum';
import type { ProcessPort, SpawnResult } from '../src/runtime/process-port';
import { spawnChild } from '../src/runtime/real-spawner';
import type { Reaper } from '../src/runtime/reaper';
import type { ProcessDef } from '../src/runtime/types';
import { FakeClock, FakePort } from './helpers/fake-port';

const def: ProcessDef = { id: 'api', name: 'api', command: 'api', cwd: process.cwd(), launch: { kind: 'shell', command: 'api' } };

/** What the supervisor told the reaper, in order. */
function fakeReaper(): { reaper: Reaper; told: string[] } {
  const told: string[] = [];
  const reaper = { register: (pgid: number) => told.push(`+${pgid}`), unregister: (pgid: number) => told.push(`-${pgid}`), close: () => undefined };
  return { reaper: reaper as unknown as Reaper, told };
}

/** A port whose spawn reports its pid at once and settles only when the spec says. */
function slowPort(): { port: ProcessPort; settle: (result: SpawnResult) => void } {
  const fake = new FakePort();
  let settle: (result: SpawnResult) => void = () => undefined;
  const port: ProcessPort = {
    spawn: (_def, _env, onPid) => {
      onPid?.(4242);
      return new Promise<SpawnResult>((resolve) => (settle = resolve));
    },
    signal: (pgid, signal) => fake.signal(pgid, signal),
    alive: (pgid) => fake.alive(pgid),
    waitGone: (pgid) => fake.waitGone(pgid),
  };
  return { port, settle: (result) => settle(result) };
}

describe('the reaper hears of a group at its fork', () => {
  it('is told before the spawn settles, and once', async () => {
    const { reaper, told } = fakeReaper();
    const { port, settle } = slowPort();
    const brum = createBrum({ defs: [def], port, clock: new FakeClock(), reaper });
    void brum.controls.start('api');
    await expect.poll(() => told).toEqual(['+4242']);
    const child = new FakePort();
    const spawned = await child.spawn(def);
    if (!spawned.ok) throw new Error('the fake spawn failed');
    settle({ ok: true, child: { ...spawned.child, pid: 4242 } });
    await expect.poll(() => brum.store.getState().processes.api?.status).toBe('running');
    expect(told).toEqual(['+4242']);
  });

  it('is told to forget it when the spawn then fails', async () => {
    const { reaper, told } = fakeReaper();
    const { port, settle } = slowPort();
    const brum = createBrum({ defs: [def], port, clock: new FakeClock(), reaper });
    void brum.controls.start('api');
    await expect.poll(() => told).toEqual(['+4242']);
    settle({ ok: false, reason: 'could not start: boom' });
    await expect.poll(() => brum.store.getState().processes.api?.status).toBe('failed');
    expect(told).toEqual(['+4242', '-4242']);
  });

  it('the real spawn reports the child’s pid before it resolves, and only for a child that exists', async () => {
    const pids: number[] = [];
    const pending = spawnChild({ ...def, launch: { kind: 'file', file: 'sleep', args: ['5'] } }, { PATH: process.env.PATH ?? '' }, (pid) => pids.push(pid));
    expect(pids).toHaveLength(1);
    const started = await pending;
    if (!started.ok) throw new Error(started.reason);
    expect(started.child.pid).toBe(pids[0]);
    process.kill(-started.child.pid, 'SIGKILL');
    expect(await started.child.exit).toEqual({ code: null, signal: 'SIGKILL' });

    const missing: number[] = [];
    const failed = await spawnChild({ ...def, launch: { kind: 'file', file: 'no-such-program-brum', args: [] } }, { PATH: process.env.PATH ?? '' }, (pid) => missing.push(pid));
    expect(failed.ok).toBe(false);
    expect(missing).toEqual([]);
  });
});
