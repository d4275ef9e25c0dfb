import { formatSeconds } from '../policies/backoff';
import type { ProcessState } from '../state/process-state';

/**
 * Pure: the `[brum]` note one change of a process's snapshot deserves in headless output, or null. One note per
 * event a reader of a CI log wants to see: waiting (on what), ready (how long it took, via which probe), not ready,
 * restarting (in how long, which attempt), failed (why, a crash loop given up included), exited.
 */
export function statusNote(before: ProcessState | undefined, p: ProcessState): string | null {
  if (before !== undefined && before.status === p.status) return sameStatusNote(before, p);
  switch (p.status) {
    case 'waiting':
      return `${p.name} waiting for ${p.waitingFor ?? 'its dependencies'}`;
    case 'restarting': {
      const r = p.pendingRestart;
      if (r === null) return null;
      const of = r.max === null ? `${r.attempt}` : `${r.attempt}/${r.max}`;
      return `${p.name} ${p.reason ?? 'exited'}; restarting in ${formatSeconds(r.delayMs)} (${of})`;
    }
    case 'failed':
      if (before?.status === 'restarting') return `${p.name} will not restart (stopped)`;
      return `${p.name} failed: ${p.reason ?? 'unknown reason'}`;
    case 'exited': {
      // A restart called off by a stop: the end itself was told already.
      if (before?.status === 'restarting') return `${p.name} will not restart (stopped)`;
      if (before?.status === 'waiting' || p.startedAt === null) return null;
      const how = p.signal ? `stopped (${p.signal})` : `exited with code ${p.exitCode ?? 0}`;
      return `${p.name} ${how}`;
    }
    case 'running':
      // Spawned: readiness without a probe is not news; with one, the note comes when it passes.
      return null;
    case 'idle':
      return before?.status === 'waiting' ? `${p.name} no longer waiting (stopped)` : null;
    case 'starting':
    case 'stopping':
      return null;
    default: {
      const unreachable: never = p.status;
      throw new Error(`unknown status ${String(unreachable)}`);
    }
  }
}

/** A change that is not a new status: what it waits for, its readiness, its watch. */
function sameStatusNote(before: ProcessState, p: ProcessState): string | null {
  if (p.trigger !== null && p.trigger !== before.trigger) {
    return `${p.name} ${p.status === 'running' || p.status === 'starting' ? 'restarting' : 'starting'}: ${p.trigger.text}`;
  }
  if (p.watch !== before.watch && p.watch !== null && before.watch !== null) {
    if (p.watch.state === 'suspended') return `${p.name} ${p.watch.reason ?? 'watch suspended'}: no more restarts on changes until resumed`;
    return `${p.name} watch ${p.watch.state === 'paused' ? 'paused' : 'resumed'}`;
  }
  if (p.status === 'waiting' && before.waitingFor !== p.waitingFor) return `${p.name} waiting for ${p.waitingFor ?? 'its dependencies'}`;
  const r = p.readiness;
  if (r === null || r === before.readiness) return null;
  if (r.state === 'ready' && r.via !== null) return `${p.name} ready in ${formatSeconds(r.tookMs)} via ${r.via}`;
  if (r.state === 'unready') return `${p.name} ${r.reason}`;
  return null;
}
