import { readFileSync } from 'node:fs';

/**
 * When a process started, in clock ticks since boot (field 22 of /proc/PID/stat): with the pid, an identity the
 * OS does not reuse. Null when there is no such process, or no /proc to ask (then nothing can be proven).
 */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

/** True while any member of process group `pgid` is alive (signal 0 checks without signalling). */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process group an instance recorded: its id and its leader's start time when it was recorded. */
export interface RecordedGroup {
  readonly pgid: number;
  readonly start: string | null;
}

/**
 * Whether a recorded group still exists and is provably the one recorded, so that signalling it cannot hit a
 * stranger. A group id cannot be handed out again while any member of the group lives, so a group whose leader is
 * gone but which still has members is the recorded one; a live leader must have the recorded start time.
 */
export function isRecordedGroup(group: RecordedGroup): boolean {
  if (!groupAlive(group.pgid)) return false;
  if (!processAlive(group.pgid)) return true;
  const leaderStart = processStartTime(group.pgid);
  return leaderStart !== null && group.start !== null && group.start === leaderStart;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
