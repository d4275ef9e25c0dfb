import { readdirSync, readFileSync } from 'node:fs';

/**
 * True while any non-zombie process is in group `pgid`. `kill(-pgid, 0)` alone is not enough: a zombie still
 * counts as a member, and in containers whose init does not reap promptly an orphaned zombie would make a dead
 * group look alive until the grace period ran out.
 */
export function groupAlive(pgid: number): boolean {
  if (!signalGroup(pgid, 0)) return false;
  if (process.platform !== 'linux') return true;
  return groupMembers(pgid).length > 0;
}

/** Live (non-zombie) pids in the group, read from /proc. Linux only; elsewhere empty. */
export function groupMembers(pgid: number): number[] {
  const found: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return found;
  }
  for (const name of entries) {
    const c = name.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const stat = readStat(name);
    if (stat && stat.pgrp === pgid && stat.state !== 'Z' && stat.state !== 'X') found.push(Number(name));
  }
  return found;
}

interface ProcStat {
  readonly state: string;
  readonly ppid: number;
  readonly pgrp: number;
}

export function readStat(pid: string | number): ProcStat | null {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may contain spaces and parentheses, so parse from the last ')'.
    const rest = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    return { state: rest[0] ?? '?', ppid: Number(rest[1]), pgrp: Number(rest[2]) };
  } catch {
    return null;
  }
}

/** Signals the whole group. Returns false when the group no longer exists; never throws. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false;
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    // EPERM means it exists but is not ours to signal, which for a group we created means it was reused: leave it.
    return false;
  }
}

/** Polls until the group is empty or the deadline passes. Resolves true when the group is gone. */
export async function waitGroupGone(pgid: number, timeoutMs: number, intervalMs = 25): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!groupAlive(pgid)) return true;
    if (Date.now() >= deadline) return false;
    await new Promise<void>((resolve) => setTimeout(resolve, intervalMs).unref());
  }
}
