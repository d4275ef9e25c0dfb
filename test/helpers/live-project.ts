// A real project on disk, run by a real brum with its live project attached (file watches, hot reload): for the
// watch and reload tests. Each test's processes, watchers and folders are cleaned up by `cleanupLive`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { startLiveProject, type LiveProject } from '../../src/live/live-project';
import { loadRunnable } from '../../src/project/runnable';
import { createBrum, type Brum } from '../../src/runtime/brum';
import { ROOT } from './brum';
import { survivors } from './proc-tree';

export const SERVICE = path.join(ROOT, 'test/fixtures/orchestra/service.mjs');
/** A long-running stand-in service, as a brum.yaml command. */
export const IDLE = `node ${SERVICE} idle - 0`;

interface Booted {
  readonly dir: string;
  readonly brum: Brum;
  readonly live: LiveProject;
  /** Every pid each process has had, in spawn order. */
  readonly pids: Map<string, number[]>;
}

const booted: Booted[] = [];

/** Writes files (paths relative to a fresh temp folder; folders are made as needed) and returns the folder. */
export function writeProject(files: Record<string, string>, dir = mkdtempSync(path.join(os.tmpdir(), 'brum-live-'))): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Loads the project in `dir`, starts its autostart processes and its live project, and waits until both are up. */
export async function bootLive(dir: string): Promise<Booted> {
  const runnable = loadRunnable(dir);
  const brum = createBrum({ defs: runnable.defs, killTimeoutMs: 3000 });
  const pids = new Map<string, number[]>();
  brum.store.subscribe((s) => {
    for (const id of s.order) {
      const pid = s.processes[id]?.pid;
      if (pid == null) continue;
      const list = pids.get(id) ?? [];
      if (!list.includes(pid)) list.push(pid);
      pids.set(id, list);
    }
  });
  const live = startLiveProject(brum, { runnable, load: () => loadRunnable(dir), adHoc: [], root: dir });
  const b = { dir, brum, live, pids };
  booted.push(b);
  await live.ready();
  await Promise.all(runnable.defs.filter((d) => d.autostart !== false && d.source !== 'package.json').map((d) => brum.controls.start(d.id)));
  return b;
}

export function spawns(b: Booted, id: string): number {
  return b.pids.get(id)?.length ?? 0;
}

export async function cleanupLive(): Promise<void> {
  for (const b of booted.splice(0)) {
    await b.live.close();
    await b.brum.controls.stopAll();
    await b.brum.supervisor.settled();
    await b.brum.close();
    expect(survivors([...b.pids.values()].flat())).toEqual([]);
    rmSync(b.dir, { recursive: true, force: true });
  }
}
