import { rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isCut, lineAt, type LineBlock } from '../src/logs/line-block';
import type { StreamName } from '../src/logs/log-entry';
import { Supervisor } from '../src/runtime/supervisor';
import type { OutputSink, ProcessDef } from '../src/runtime/types';
import type { ProcessStatus } from '../src/state/process-state';
import { createBrumStore, type BrumStore } from '../src/state/store';
import { FIXTURE } from './helpers/brum';
import { isAlive, survivors, waitFor } from './helpers/proc-tree';

class Collect implements OutputSink {
  readonly lines: Array<{ proc: string; stream: StreamName; text: string }> = [];
  block(proc: string, stream: StreamName, block: LineBlock): void {
    for (let i = 0; i < block.count; i++) this.lines.push({ proc, stream, text: lineAt(block, i) + (isCut(block, i) ? '…' : '') });
  }
  texts(proc: string): string[] {
    return this.lines.filter((l) => l.proc === proc).map((l) => l.text);
  }
}

const sh = (id: string, command: string, cwd = FIXTURE): ProcessDef => ({ id, name: id, command, cwd, launch: { kind: 'shell', command } });
const supervisors: Supervisor[] = [];
afterEach(async () => {
  for (const s of supervisors.splice(0)) {
    s.killAllNow();
    await s.settled();
  }
});

function setup(defs: ProcessDef[], killTimeoutMs = 2000): { store: BrumStore; sup: Supervisor; sink: Collect } {
  const store = createBrumStore(defs);
  const sink = new Collect();
  const sup = new Supervisor({ store, defs, sink, killTimeoutMs });
  supervisors.push(sup);
  return { store, sup, sink };
}

function statusTrail(store: BrumStore, id: string): ProcessStatus[] {
  const trail: ProcessStatus[] = [store.getState().processes[id]?.status ?? 'idle'];
  store.subscribe((s) => {
    const st = s.processes[id]?.status;
    if (st && st !== trail[trail.length - 1]) trail.push(st);
  });
  return trail;
}

describe('Supervisor', () => {
  it('a missing binary becomes failed with a readable reason', async () => {
    const def: ProcessDef = { id: 'x', name: 'x', command: 'nope', cwd: FIXTURE, launch: { kind: 'file', file: 'no-such-binary-brum', args: [] } };
    const { store, sup } = setup([def]);
    await sup.start('x');
    const p = store.getState().processes.x;
    expect(p?.status).toBe('failed');
    expect(p?.reason).toBe('command not found: no-such-binary-brum');
    expect(p?.pid).toBeNull();
  });

  it('a missing working directory becomes failed with a readable reason', async () => {
    const missing = path.join(FIXTURE, 'no-such-dir');
    const { store, sup } = setup([sh('x', 'echo hi', missing)]);
    await sup.start('x');
    expect(store.getState().processes.x?.status).toBe('failed');
    expect(store.getState().processes.x?.reason).toBe(`working directory not found: ${missing}`);
  });

  it('records exit codes: 0 is exited, non-zero is failed with the code', async () => {
    const { store, sup } = setup([sh('good', 'exit 0'), sh('bad', 'exit 7')]);
    await Promise.all([sup.start('good'), sup.start('bad')]);
    await sup.settled();
    expect(store.getState().processes.good).toMatchObject({ status: 'exited', exitCode: 0 });
    expect(store.getState().processes.bad).toMatchObject({ status: 'failed', exitCode: 7, reason: 'exited with code 7' });
  });

  it('a restart requested during a stop waits its turn: stop completes, then start', async () => {
    // Given a running process
    const { store, sup, sink } = setup([sh('q', 'node quiet.mjs')]);
    await sup.start('q');
    await waitFor(() => sink.texts('q').some((t) => t.startsWith('quiet ready')), 'quiet ready');
    const firstPid = store.getState().processes.q?.pid as number;
    const trail = statusTrail(store, 'q');

    // When stop and restart are requested back to back
    const stopping = sup.stop('q');
    const restarting = sup.restart('q');
    await Promise.all([stopping, restarting]);

    // Then the operations did not interleave
    expect(trail).toEqual(['running', 'stopping', 'exited', 'starting', 'running']);
    const p = store.getState().processes.q;
    expect(p?.restarts).toBe(1);
    expect(p?.pid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
  });

  it('stop escalates to SIGKILL for the whole group after the grace period', async () => {
    const { store, sup, sink } = setup([sh('s', 'node stubborn.mjs')], 300);
    await sup.start('s');
    const ready = await waitFor(() => sink.texts('s').find((t) => t.startsWith('stubborn ready')), 'stubborn ready');
    const pids = ready.split(' ').slice(2).map(Number);
    const t0 = Date.now();
    await sup.stop('s');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(280);
    // The stubborn members outlived SIGTERM, so the stop only completed via SIGKILL after the grace period,
    // and it does not resolve until the whole group is gone.
    expect(store.getState().processes.s?.status).toBe('exited');
    expect(survivors(pids)).toEqual([]);
  });

  it('when a process exits by itself, what it left running in its group is reaped', async () => {
    // Given a script that backgrounds a long sleeper and exits
    const { store, sup, sink } = setup([sh('bg', 'sleep 300 & echo "bg $!"')], 500);
    await sup.start('bg');
    await sup.settled();
    const pid = Number(sink.texts('bg')[0]?.split(' ')[1]);
    expect(pid).toBeGreaterThan(1);
    // Then the orphan is gone and the process is recorded as a clean exit
    expect(isAlive(pid)).toBe(false);
    expect(store.getState().processes.bg?.status).toBe('exited');
    expect(sup.liveGroupIds()).toEqual([]);
  });

  it('pauseOutput holds lines back until resumeOutput, losing none', async () => {
    const { sup, sink } = setup([sh('n', 'for i in 1 2 3 4 5; do echo line$i; done')]);
    sup.pauseOutput();
    await sup.start('n');
    const before = sink.lines.length;
    sup.resumeOutput();
    await sup.settled();
    expect(before).toBeLessThanOrEqual(5);
    expect(sink.texts('n')).toEqual(['line1', 'line2', 'line3', 'line4', 'line5']);
  });

  it('settled() also waits for a run that a restart replaced while its group was still being reaped', async () => {
    // Given a process that exits at once but leaves a TERM-proof sleeper in its group: 1.2 s the first time,
    // 0.1 s after that, so the first run's clean-up outlasts the second run entirely
    const marker = path.join(os.tmpdir(), `brum-settled-${process.pid}-${Date.now()}`);
    const command = `if [ -e "${marker}" ]; then d=0.1; else touch "${marker}"; d=1.2; fi; (trap "" TERM; exec sleep $d) & echo "bg $!"`;
    const { store, sup, sink } = setup([sh('r', command)], 5000);
    try {
      await sup.start('r');
      await waitFor(() => store.getState().processes.r?.status === 'exited' && sink.texts('r').length === 1, 'the first run exited', 5000);
      const first = Number(sink.texts('r')[0]?.split(' ')[1]);
      expect(isAlive(first)).toBe(true);
      // When it is started again while the first run's group is still being reaped
      await sup.start('r');
      await sup.settled();
      // Then settling waited for the first run too: its sleeper is gone, and no group is left
      expect(sink.texts('r')).toHaveLength(2);
      expect(isAlive(first)).toBe(false);
      expect(sup.liveGroupIds()).toEqual([]);
    } finally {
      rmSync(marker, { force: true });
    }
  });
});
