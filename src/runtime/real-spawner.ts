import { statSync } from 'node:fs';
import { execa } from 'execa';
import type { StreamName } from '../logs/log-entry';
import { groupAlive, signalGroup, waitGroupGone } from './process-group';
import type { ProcessPort, SpawnResult } from './process-port';
import { spawnFailureReason } from './spawn-errors';
import type { ProcessDef } from './types';

/** The operating system behind the ProcessPort: execa for the spawn, process groups for everything else. */
export const REAL_SPAWNER: ProcessPort = {
  async spawn(def: ProcessDef, env: Readonly<Record<string, string>>): Promise<SpawnResult> {
    if (!isDirectory(def.cwd)) return { ok: false, reason: `working directory not found: ${def.cwd}` };
    const common = {
      cwd: def.cwd,
      env,
      extendEnv: false,
      buffer: false,
      reject: false,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      // A group of its own, so one signal reaches the child and everything it started.
      detached: true,
      // We kill groups ourselves; execa's cleanup only knows the direct child.
      cleanup: false,
      windowsHide: true,
    } as const;
    let child;
    try {
      child = def.launch.kind === 'shell' ? execa(def.launch.command, { ...common, shell: true }) : execa(def.launch.file, [...def.launch.args], common);
    } catch (error) {
      return { ok: false, reason: spawnFailureReason(error, def) };
    }
    const spawnError = await new Promise<unknown>((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', (error) => resolve(error));
    });
    if (spawnError !== null || child.pid === undefined) {
      await child; // reject:false: resolves with the failure instead of throwing
      return { ok: false, reason: spawnFailureReason(spawnError, def) };
    }
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    // Keep execa's own promise from being an unobserved rejection source; reject:false makes it resolve anyway.
    void child.then(
      () => undefined,
      () => undefined,
    );
    const streams: Array<readonly [StreamName, NonNullable<typeof child.stdout>]> = [];
    if (child.stdout) streams.push(['stdout', child.stdout]);
    if (child.stderr) streams.push(['stderr', child.stderr]);
    return { ok: true, child: { pid: child.pid, streams, exit } };
  },
  signal: (pgid, signal) => signalGroup(pgid, signal),
  alive: (pgid) => groupAlive(pgid),
  waitGone: (pgid, timeoutMs) => waitGroupGone(pgid, timeoutMs),
};

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
