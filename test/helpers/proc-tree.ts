import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Polls `check` until it returns a truthy value or the deadline passes (then throws with `what`). */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? String(last) : JSON.stringify(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function stat(pid: number): { state: string; ppid: number; pgrp: number } | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '?', ppid: Number(rest[1]), pgrp: Number(rest[2]) };
  } catch {
    return null;
  }
}

/** Alive means it exists and is not a zombie (a zombie has already died; only its exit status remains). */
export function isAlive(pid: number): boolean {
  const s = stat(pid);
  return s !== null && s.state !== 'Z' && s.state !== 'X';
}

/** Every live descendant of `root`, found by walking parent links in /proc. */
export function descendants(root: number): number[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (s && s.state !== 'Z') parent.set(pid, s.ppid);
  }
  const out: number[] = [];
  const frontier = [root];
  while (frontier.length > 0) {
    const p = frontier.pop() as number;
    for (const [child, pp] of parent) {
      if (pp === p) {
        out.push(child);
        frontier.push(child);
      }
    }
  }
  return out;
}

export function survivors(pids: readonly number[]): number[] {
  return pids.filter(isAlive);
}

/** A process's command line, arguments joined by spaces; '' once it is gone. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '';
  }
}

/** Live processes (not this one) whose command line holds `marker`. */
export function pgrep(marker: string): number[] {
  const r = spawnSync('pgrep', ['-f', marker], { encoding: 'utf8' });
  return r.stdout
    .split('\n')
    .map(Number)
    .filter((pid) => pid > 0 && pid !== process.pid && isAlive(pid));
}

/**
 * After a test: gives the processes carrying each marker up to 10 s to end (a brum hung up on stops its processes
 * gracefully), then SIGKILLs whatever is left and returns it as "pid command line", for the test to fail on.
 */
export async function reapMarked(markers: readonly string[]): Promise<string[]> {
  const left: string[] = [];
  for (const m of markers) {
    const pids = await waitFor(() => pgrep(m).length === 0, `the processes with ${m} to end`, 10_000).then(
      () => [],
      () => pgrep(m),
    );
    for (const pid of pids) {
      left.push(`${pid} ${cmdline(pid)}`);
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  return left;
}
