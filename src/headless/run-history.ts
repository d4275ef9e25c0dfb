import type { ProcessState } from '../state/process-state';
import type { BrumStore } from '../state/store';

/** One run of one process, for `--report`: when it ran, how it ended, how long readiness took, what came next. */
export interface RunRecord {
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** Time from start to a passing readiness probe; null without a probe or when it never passed. */
  readonly readyMs: number | null;
  /** The restart policy's delay before the next run, when it scheduled one. */
  readonly restartDelayMs: number | null;
}

interface OpenRun {
  startedAt: number;
  endedAt: number | null;
  exitCode: number | null;
  signal: string | null;
  readyMs: number | null;
  restartDelayMs: number | null;
}

/** Keeps every run of every process from the store's changes (a snapshot only holds the latest run). */
export class RunHistory {
  private readonly byId = new Map<string, OpenRun[]>();
  private readonly unsubscribe: () => void;

  constructor(store: BrumStore) {
    this.unsubscribe = store.subscribe((next, prev) => {
      if (next.processes === prev.processes) return;
      for (const id of next.order) {
        const now = next.processes[id];
        const before = prev.processes[id];
        if (now !== undefined && now !== before) this.see(id, before, now);
      }
    });
  }

  close(): void {
    this.unsubscribe();
  }

  runs(): ReadonlyMap<string, readonly RunRecord[]> {
    const out = new Map<string, RunRecord[]>();
    for (const [id, runs] of this.byId) {
      out.set(
        id,
        runs.map((r) => ({
          startedAt: new Date(r.startedAt).toISOString(),
          endedAt: r.endedAt === null ? null : new Date(r.endedAt).toISOString(),
          exitCode: r.exitCode,
          signal: r.signal,
          readyMs: r.readyMs,
          restartDelayMs: r.restartDelayMs,
        })),
      );
    }
    return out;
  }

  private see(id: string, before: ProcessState | undefined, p: ProcessState): void {
    const runs = this.byId.get(id) ?? [];
    this.byId.set(id, runs);
    if (p.status === 'running' && before?.status === 'starting' && p.startedAt !== null) {
      runs.push({ startedAt: p.startedAt, endedAt: null, exitCode: null, signal: null, readyMs: null, restartDelayMs: null });
    }
    const current = runs.at(-1);
    if (current === undefined || current.startedAt !== p.startedAt) return;
    if (p.readiness?.state === 'ready' && p.readiness.via !== null) current.readyMs = p.readiness.tookMs;
    if (p.endedAt !== null && current.endedAt === null && (p.status === 'exited' || p.status === 'failed' || p.status === 'restarting')) {
      current.endedAt = p.endedAt;
      current.exitCode = p.exitCode;
      current.signal = p.signal;
      current.restartDelayMs = p.pendingRestart?.delayMs ?? null;
    }
  }
}
