import { readdirSync, readFileSync } from 'node:fs';

/**
 * Live processes (zombies aside) whose command line holds `marker`, a bench's temp folder name: what a bench
 * checks is gone when it ends, so it never leaves a child of brum, or of its floor, running.
 */
export function processesWithMarker(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      if (cmd.includes(marker) && state !== 'Z') found.push(pid);
    } catch {
      // Gone meanwhile.
    }
  }
  return found;
}

/**
 * At a bench's end: gives the processes with `marker` up to `graceMs` to end (runners stop what they started),
 * SIGKILLs whatever is left, prints the "left behind:" line, and returns the pids it had to kill.
 */
export async function reportLeftovers(marker: string, graceMs: number): Promise<number[]> {
  let left = processesWithMarker(marker);
  for (let waited = 0; left.length > 0 && waited < graceMs; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = processesWithMarker(marker);
  }
  for (const pid of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone meanwhile.
    }
  }
  console.log(`\nleft behind: ${left.length === 0 ? 'nothing' : `${left.length} processes (killed): ${left.join(', ')}`}`);
  return left;
}
