import { formatSeconds } from '../src/policies/backoff';
import type { ProcessState } from '../src/state/process-state';

/** What a process row says after its columns, and in which tone. */
export interface RowNote {
  readonly text: string;
  readonly tone: 'error' | 'warn' | 'ok' | 'muted';
}

const NONE: RowNote = { text: '', tone: 'muted' };

/**
 * Pure: the row's note, from the snapshot and the frame's time: why it waits, whether its probe passed (and how
 * long that took), the restart countdown ("↻ 3/10 in 1.6 s"), or why it failed (a crash loop given up included).
 */
export function rowNote(proc: ProcessState, now: number): RowNote {
  const base = lifecycleNote(proc, now);
  const watch = proc.watch;
  if (watch?.state === 'suspended') return { text: `${watch.reason ?? 'watch suspended'} · w resumes`, tone: 'warn' };
  const parts = [
    proc.trigger !== null && proc.status === 'running' ? `↻ ${proc.trigger.text}` : '',
    base.text,
    watch?.state === 'paused' ? 'watch paused' : '',
  ].filter((t) => t !== '');
  return { text: parts.join(' · '), tone: base.text === '' && parts.length > 0 ? 'muted' : base.tone };
}

function lifecycleNote(proc: ProcessState, now: number): RowNote {
  switch (proc.status) {
    case 'failed':
      return { text: proc.reason ?? 'failed', tone: 'error' };
    case 'waiting':
      return { text: `waiting for ${proc.waitingFor ?? 'dependencies'}`, tone: 'warn' };
    case 'restarting': {
      const r = proc.pendingRestart;
      if (r === null) return NONE;
      const of = r.max === null ? `${r.attempt}` : `${r.attempt}/${r.max}`;
      // Tenths, rounded up, so the countdown never shows 0.0 s while the restart is still ahead.
      const left = Math.ceil(Math.max(0, r.at - now) / 100) / 10;
      return { text: `↻ ${of} in ${left.toFixed(1)} s · ${proc.reason ?? 'exited'}`, tone: 'warn' };
    }
    case 'running': {
      const r = proc.readiness;
      if (r?.state === 'checking') return { text: `checking ${r.via}…`, tone: 'muted' };
      if (r?.state === 'unready') return { text: r.reason, tone: 'error' };
      if (r?.state === 'ready' && r.via !== null) return { text: `ready in ${formatSeconds(r.tookMs)}`, tone: 'ok' };
      return NONE;
    }
    case 'idle':
    case 'starting':
    case 'stopping':
    case 'exited':
      return NONE;
    default: {
      const unreachable: never = proc.status;
      throw new Error(`unknown status ${String(unreachable)}`);
    }
  }
}

/** When the frame after `now` must be drawn for a countdown to stay true; null when no row counts down. */
export function nextCountdownFrame(procs: readonly ProcessState[], now: number): number | null {
  let next: number | null = null;
  for (const p of procs) {
    if (p.status !== 'restarting' || p.pendingRestart === null) continue;
    const left = p.pendingRestart.at - now;
    if (left <= 0) continue;
    // The text changes at every tenth of a second of the time left.
    const step = left % 100 === 0 ? 100 : left % 100;
    next = Math.min(next ?? Infinity, now + step);
  }
  return next;
}
