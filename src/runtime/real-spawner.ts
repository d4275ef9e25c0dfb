import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import type { StreamName } from '../logs/log-entry';
import { groupAlive, signalGroup, waitGroupGone } from './process-group';
import type { ProcessPort, SpawnResult, SpawnSpec } from './process-port';
import { spawnFailureReason } from './spawn-errors';

/** The operating system behind the ProcessPort: a spawn, and process groups for everything else. */
export const REAL_SPAWNER: ProcessPort = {
  spawn: (def, env, onPid) => spawnChild(def, env, onPid),
  signal: (pgid, signal) => signalGroup(pgid, signal),
  alive: (pgid) => groupAlive(pgid),
  waitGone: (pgid, timeoutMs) => waitGroupGone(pgid, timeoutMs),
};

/**
 * Starts a child in a group of its own, its output on pipes (read by chunk-reader.ts). Node's own spawn, not
 * execa: brum needs none of execa's extras (it neither buffers, rejects nor cleans up), and execa took twice as
 * long to load.
 */
export async function spawnChild(def: SpawnSpec, env: Readonly<Record<string, string>>, onPid?: (pid: number) => void): Promise<SpawnResult> {
  if (!isDirectory(def.cwd)) return { ok: false, reason: `working directory not found: ${def.cwd}` };
  const options: SpawnOptions = {
    cwd: def.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // A group of its own, so one signal reaches the child and everything it started.
    detached: true,
    windowsHide: true,
  };
  let child: ChildProcess;
  try {
    child = def.launch.kind === 'shell' ? spawn(def.launch.command, { ...options, shell: true }) : spawn(def.launch.file, [...def.launch.args], options);
  } catch (error) {
    return { ok: false, reason: spawnFailureReason(error, def) };
  }
  // The fork has happened (a failed exec leaves no pid): the group exists from here on.
  if (child.pid !== undefined) onPid?.(child.pid);
  const spawnError = await new Promise<unknown>((resolve) => {
    child.once('spawn', () => resolve(null));
    child.once('error', (error) => resolve(error));
  });
  if (spawnError !== null || child.pid === undefined) return { ok: false, reason: spawnFailureReason(spawnError, def) };
  // An 'error' after the spawn (a failed kill, say) must not become an uncaught exception.
  child.on('error', () => undefined);
  const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const streams: Array<readonly [StreamName, Readable]> = [];
  if (child.stdout) streams.push(['stdout', child.stdout]);
  if (child.stderr) streams.push(['stderr', child.stderr]);
  return { ok: true, child: { pid: child.pid, streams, exit } };
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
