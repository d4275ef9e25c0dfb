// The watch trigger on a fake clock: trailing debounce, one restart in flight and one pending, the flap guard,
// pause and resume. The real files and processes are in test/watch.int.test.ts.
import { describe, expect, it } from 'vitest';
import { describeChanges, WatchTrigger, type WatchState } from '../src/policies/watch-trigger';
import { FakeClock } from './helpers/fake-port';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function setup(opts: { debounceMs?: number; flapLimit?: number } = {}) {
  const clock = new FakeClock();
  const restarts: string[] = [];
  const states: Array<[WatchState, string | null]> = [];
  let release: ((spawnedAt?: number) => void) | null = null;
  let hold = false;
  const trigger = new WatchTrigger({
    debounceMs: opts.debounceMs ?? 300,
    ...(opts.flapLimit !== undefined ? { flapLimit: opts.flapLimit } : {}),
    clock,
    restart: (why) => {
      restarts.push(why);
      if (!hold) return Promise.resolve();
      return new Promise<number | void>((resolve) => (release = resolve));
    },
    onState: (state, reason) => states.push([state, reason]),
  });
  return {
    clock,
    trigger,
    restarts,
    states,
    holdRestarts: () => (hold = true),
    /** Ends the restart in flight; `spawnedAt` is when it says its new process was spawned. */
    finishRestart: (spawnedAt?: number) => {
      hold = false;
      release?.(spawnedAt);
    },
    advance: async (ms: number) => {
      clock.advance(ms);
      await tick();
    },
  };
}

describe('watch trigger', () => {
  it('restarts once, a debounce after the last change of a burst', async () => {
    const t = setup();
    for (let i = 0; i < 20; i++) {
      t.trigger.change(`src/file${i}.ts`);
      await t.advance(5);
    }
    // The last change came 5 ms ago: 294 more is still inside its debounce.
    await t.advance(294);
    expect(t.restarts).toEqual([]);
    await t.advance(1);
    expect(t.restarts).toEqual(['src/file0.ts changed (+19 more)']);
  });

  it('a change during a restart marks exactly one more restart, never a queue', async () => {
    const t = setup();
    t.holdRestarts();
    t.trigger.change('a.ts');
    await t.advance(300);
    expect(t.restarts).toHaveLength(1);
    // Three separate bursts while the first restart runs.
    for (const f of ['b.ts', 'c.ts', 'd.ts']) {
      t.trigger.change(f);
      await t.advance(300);
    }
    expect(t.restarts).toHaveLength(1);
    t.finishRestart();
    await t.advance(0);
    await t.advance(0);
    expect(t.restarts).toEqual(['a.ts changed', 'b.ts changed (+2 more)']);
  });

  it('changes from before the new process was spawned restart nothing more: it read the files as they were then', async () => {
    const t = setup({ debounceMs: 0 });
    t.holdRestarts();
    t.trigger.change('a.ts');
    await t.advance(0);
    expect(t.restarts).toEqual(['a.ts changed']);
    // The same save seen twice, and another save, while the old process is still stopping.
    await t.advance(5);
    t.trigger.change('a.ts');
    await t.advance(0);
    t.trigger.change('b.ts');
    await t.advance(0);
    const spawnedAt = t.clock.now() + 20;
    await t.advance(40);
    t.finishRestart(spawnedAt);
    await t.advance(0);
    await t.advance(0);
    expect(t.restarts).toEqual(['a.ts changed']);
  });

  it('a change after the new process was spawned restarts it once more, naming only what came after', async () => {
    const t = setup({ debounceMs: 0 });
    t.holdRestarts();
    t.trigger.change('a.ts');
    await t.advance(0);
    t.trigger.change('early.ts');
    await t.advance(10);
    const spawnedAt = t.clock.now();
    await t.advance(10);
    t.trigger.change('late.ts');
    await t.advance(0);
    t.finishRestart(spawnedAt);
    await t.advance(0);
    await t.advance(0);
    expect(t.restarts).toEqual(['a.ts changed', 'late.ts changed']);
  });

  it('suspends itself after flapLimit restarts within a minute, and says so; resume starts afresh', async () => {
    const t = setup({ debounceMs: 10, flapLimit: 3 });
    for (let i = 0; i < 4; i++) {
      t.trigger.change(`f${i}`);
      await t.advance(10);
    }
    expect(t.restarts).toHaveLength(3);
    expect(t.trigger.current).toBe('suspended');
    expect(t.states).toEqual([['suspended', 'watch suspended: 3 restarts within a minute']]);
    t.trigger.change('ignored-while-suspended');
    await t.advance(10);
    expect(t.restarts).toHaveLength(3);
    t.trigger.resume();
    t.trigger.change('again');
    await t.advance(10);
    expect(t.restarts.at(-1)).toBe('again changed');
  });

  it('restarts spread over more than a minute never trip the flap guard', async () => {
    const t = setup({ debounceMs: 10, flapLimit: 3 });
    for (let i = 0; i < 6; i++) {
      t.trigger.change(`f${i}`);
      await t.advance(10);
      await t.advance(30_000);
    }
    expect(t.restarts).toHaveLength(6);
    expect(t.trigger.current).toBe('on');
  });

  it('a paused watch ignores changes; closing cancels a pending debounce', async () => {
    const t = setup();
    t.trigger.pause();
    t.trigger.change('a.ts');
    await t.advance(300);
    expect(t.restarts).toEqual([]);
    t.trigger.resume();
    t.trigger.change('b.ts');
    t.trigger.close();
    await t.advance(300);
    expect(t.restarts).toEqual([]);
    expect(t.states.map(([s]) => s)).toEqual(['paused', 'on']);
  });

  it('describes one file, or the first and how many more', () => {
    expect(describeChanges(['src/a.ts'])).toBe('src/a.ts changed');
    expect(describeChanges(['src/a.ts', 'src/b.ts', 'c'])).toBe('src/a.ts changed (+2 more)');
  });
});
