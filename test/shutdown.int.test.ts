import { afterEach, describe, expect, it } from 'vitest';
import { descendants, survivors, waitFor } from './helpers/proc-tree';
import { startBrum, type BrumProcess } from './helpers/brum';

const started: BrumProcess[] = [];
let tracked: number[] = [];

afterEach(async () => {
  // Whatever a failed assertion left behind is killed here, and the test that left it has already failed.
  for (const b of started.splice(0)) b.child.kill('SIGKILL');
  for (const pid of survivors(tracked)) process.kill(pid, 'SIGKILL');
  tracked = [];
});

/** Starts `brum run stubborn` and returns brum plus every descendant once the grandchildren exist. */
async function startStubborn(extra: string[] = []): Promise<{ brum: BrumProcess; tree: number[] }> {
  const brum = startBrum(['run', 'stubborn', ...extra]);
  started.push(brum);
  const all = await brum.waitForOutput(/stubborn ready (\d+) (\d+) (\d+)/);
  const [, child, g1, g2] = /stubborn ready (\d+) (\d+) (\d+)/.exec(all) ?? [];
  const known = [child, g1, g2].map(Number);
  // The tree must be visible from brum: npm, the shell it may use, the child and both grandchildren.
  const tree = await waitFor(() => {
    const d = descendants(brum.pid);
    return known.every((p) => d.includes(p)) ? d : null;
  }, 'the whole process tree under brum');
  tracked = tree;
  return { brum, tree };
}

describe('stopping brum', () => {
  it('SIGINT: a child that ignores SIGTERM, and its grandchildren, are gone within grace + 1 s, and brum exits 130', async () => {
    // Given brum running a child that ignores SIGTERM and has two stubborn grandchildren
    const grace = 1000;
    const { brum, tree } = await startStubborn(['--kill-timeout', String(grace)]);
    expect(tree.length).toBeGreaterThanOrEqual(3);

    // When brum receives SIGINT
    const t0 = Date.now();
    brum.child.kill('SIGINT');

    // Then every descendant is gone within the grace period plus one second, and brum exits 130
    await waitFor(() => survivors(tree).length === 0, 'no descendant alive', grace + 1000);
    const elapsed = Date.now() - t0;
    expect(await brum.exited()).toBe(130);
    expect(elapsed).toBeLessThanOrEqual(grace + 1000);
    expect(brum.stderr()).toContain('stopping 1 process');
    expect(survivors(tree)).toEqual([]);
  });

  it('a second SIGINT kills at once instead of waiting out the grace period', async () => {
    // Given a stop in progress with a long grace period
    const { brum, tree } = await startStubborn(['--kill-timeout', '20000']);
    brum.child.kill('SIGINT');
    await brum.waitForOutput('stopping 1 process');

    // When a second SIGINT arrives
    const t0 = Date.now();
    brum.child.kill('SIGINT');

    // Then everything is gone quickly, far inside the 20 s grace
    await waitFor(() => survivors(tree).length === 0, 'no descendant alive', 3000);
    expect(await brum.exited()).toBe(130);
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('SIGTERM to brum exits 143 with nothing left', async () => {
    const { brum, tree } = await startStubborn(['--kill-timeout', '500']);
    brum.child.kill('SIGTERM');
    expect(await brum.exited()).toBe(143);
    await waitFor(() => survivors(tree).length === 0, 'no descendant alive', 1500);
  });

  it('SIGKILL of brum itself leaves no descendant alive after 3 s (the reaper cleans up)', async () => {
    // Given brum with a stubborn tree
    const { brum, tree } = await startStubborn();
    const children = tree.filter((p) => p !== brum.pid);

    // When brum is killed outright, so none of its own handlers can run
    brum.child.kill('SIGKILL');
    await brum.exited();

    // Then within 3 s nothing it started is alive
    await waitFor(() => survivors(children).length === 0, `no survivor among ${children.join(',')}`, 3000);
    expect(survivors(children)).toEqual([]);
  });
});
