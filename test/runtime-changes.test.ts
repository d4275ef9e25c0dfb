// Runtime changes of the process set, cancellation, and the transitions on the bus, on the fake spawner and
// clock (test/helpers/fake-port.ts): nothing here starts a real process.
import { afterEach, describe, expect, it } from 'vitest';
import type { ProcessTransition } from '../src/events/topics';
import { createBrum, type Brum } from '../src/runtime/brum';
import type { ProcessDef } from '../src/runtime/types';
import { FakeClock, FakePort } from './helpers/fake-port';

const brums: Brum[] = [];
afterEach(async () => {
  for (const b of brums.splice(0)) {
    b.controls.killAllNow();
    await b.supervisor.settled();
    await b.close();
  }
});

function def(id: string, command = `run ${id}`): ProcessDef {
  return { id, name: id, command, cwd: process.cwd(), launch: { kind: 'shell', command } };
}

function setup(defs: ProcessDef[]): { brum: Brum; port: FakePort; clock: FakeClock } {
  const port = new FakePort();
  const clock = new FakeClock();
  const brum = createBrum({ defs, port, clock });
  brums.push(brum);
  return { brum, port, clock };
}

const status = (brum: Brum, id: string): string | undefined => brum.store.getState().processes[id]?.status;

describe('adding, replacing and removing processes at runtime', () => {
  it('adds a process, idle until started', async () => {
    const { brum, port } = setup([def('a')]);
    brum.controls.add(def('b'));
    expect(brum.store.getState().order).toEqual(['a', 'b']);
    expect(status(brum, 'b')).toBe('idle');
    await brum.controls.start('b');
    expect(port.last('b').def.command).toBe('run b');
    expect(status(brum, 'b')).toBe('running');
  });

  it('replaces a definition: shown at once, the running child goes on, the next start uses it', async () => {
    const { brum, port } = setup([def('a', 'old')]);
    await brum.controls.start('a');
    brum.controls.replace(def('a', 'new'));
    expect(brum.store.getState().processes.a?.command).toBe('new');
    expect(port.last('a').def.command).toBe('old');
    expect(port.last('a').alive).toBe(true);
    await brum.controls.restart('a');
    expect(port.children.map((c) => c.def.command)).toEqual(['old', 'new']);
    expect(status(brum, 'a')).toBe('running');
  });

  it('removes a process: it is stopped first, then gone from the store and the logs', async () => {
    const { brum, port } = setup([def('a'), def('b')]);
    await brum.controls.start('b');
    brum.logs.append('b', 'stdout', 'hello');
    await brum.controls.remove('b');
    expect(port.last('b').signals).toEqual(['SIGTERM']);
    expect(port.last('b').alive).toBe(false);
    const s = brum.store.getState();
    expect(s.order).toEqual(['a']);
    expect(s.processes.b).toBeUndefined();
    expect(brum.logs.size('b')).toBe(0);
  });

  it('a process removed and added again under its name starts afresh: its URL is found again', async () => {
    // Commenting a process out of brum.yaml and back in (two hot reloads) does exactly this.
    const { brum, port } = setup([def('a')]);
    const urls = () => brum.store.getState().urls.web;
    for (let round = 0; round < 2; round++) {
      brum.controls.add(def('web'));
      await brum.controls.start('web');
      port.last('web').stdout.write('ready on http://localhost:5173/\n');
      await expect.poll(urls).toEqual(['http://localhost:5173/']);
      await brum.controls.remove('web');
      expect(urls()).toBeUndefined();
    }
  });
});

describe('cancelling a pending operation', () => {
  it("a user's stop cancels a restart queued behind a stop in progress", async () => {
    // Given a process that ignores SIGTERM, being stopped (waiting out its grace period)
    const { brum, port, clock } = setup([def('a')]);
    await brum.controls.start('a');
    port.last('a').ignoreTerm = true;
    const firstStop = brum.controls.stop('a');
    await expect.poll(() => port.last('a').signals).toEqual(['SIGTERM']);
    // When a restart is queued behind it, and then the user stops again
    const restart = brum.controls.restart('a');
    const secondStop = brum.controls.stop('a');
    clock.advance(5000);
    await Promise.all([firstStop, restart, secondStop]);
    // Then the restart never ran: one child only, and the process is down
    expect(port.children).toHaveLength(1);
    expect(port.last('a').signals).toEqual(['SIGTERM', 'SIGKILL']);
    expect(status(brum, 'a')).toBe('exited');
  });
});

describe('transitions on the bus', () => {
  it('carries every transition of start, crash, restart and stop, in order, none dropped, under a 1M-line flood', async () => {
    const { brum, port } = setup([def('a')]);
    const seen: ProcessTransition[] = [];
    brum.bus.subscribe('process.transition', (t) => {
      seen.push(t);
    });
    const flood = (): void => {
      // 1M lines in 64 KiB-ish chunks, while the lifecycle goes on.
      const chunk = Buffer.from('flood line 0123456789 lorem ipsum dolor\n'.repeat(1600));
      for (let i = 0; i < 625; i++) port.last('a').stdout.write(chunk);
    };
    await brum.controls.start('a');
    flood();
    port.last('a').exit(1);
    await expect.poll(() => status(brum, 'a')).toBe('failed');
    await brum.controls.restart('a');
    flood();
    await brum.controls.stop('a');
    await brum.supervisor.settled();
    const expected = ['idle→starting', 'starting→running', 'running→failed', 'failed→starting', 'starting→running', 'running→stopping', 'stopping→exited'];
    await expect.poll(() => seen.length).toBe(expected.length);
    expect(seen.map((t) => `${t.from}→${t.to}`)).toEqual(expected);
    expect(seen.find((t) => t.to === 'failed')?.reason).toBe('exited with code 1');
    expect(brum.bus.stats().dropped['process.transition']).toBeUndefined();
    expect(brum.store.getState().logs.a?.lines).toBe(2 * 625 * 1600);
  });
});
