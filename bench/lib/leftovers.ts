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
