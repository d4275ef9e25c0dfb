import type { LogEntry } from '../logs/log-entry';
import type { ProcessState } from '../state/process-state';
import type { BrumState } from '../state/store';
import stripAnsi from 'strip-ansi';

/**
 * One process as every machine reader sees it (the API, `brum ps --json`, the MCP server): a stable, versioned
 * shape, built from one snapshot. Adding a field is compatible; renaming or removing one needs a new `v`.
 */
export interface ProcessView {
  readonly name: string;
  readonly status: ProcessState['status'];
  readonly pid: number | null;
  readonly restarts: number;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly reason: string | null;
  /** Its ready probe passed (or it has none and runs); null while not running. */
  readonly ready: boolean | null;
  readonly readyMs: number | null;
  readonly waitingFor: string | null;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly command: string;
  readonly lines: number;
  readonly urls: readonly string[];
  readonly errors: number;
  readonly watch: 'on' | 'paused' | 'suspended' | null;
  readonly trigger: string | null;
}

export const VIEW_VERSION = 1;

export function processView(state: BrumState, id: string): ProcessView | null {
  const p = state.processes[id];
  if (p === undefined) return null;
  const running = p.status === 'running';
  return {
    name: p.name,
    status: p.status,
    pid: p.pid,
    restarts: p.restarts,
    exitCode: p.exitCode,
    signal: p.signal,
    reason: p.reason ?? (p.readiness?.state === 'unready' ? p.readiness.reason : null),
    ready: running ? p.readiness?.state === 'ready' : null,
    readyMs: p.readiness?.state === 'ready' && p.readiness.via !== null ? p.readiness.tookMs : null,
    waitingFor: p.waitingFor,
    startedAt: iso(p.startedAt),
    endedAt: iso(p.endedAt),
    command: p.command,
    lines: state.logs[id]?.lines ?? 0,
    urls: state.urls[id] ?? [],
    errors: state.errors[id]?.length ?? 0,
    watch: p.watch?.state ?? null,
    trigger: p.trigger?.text ?? null,
  };
}

export function processViews(state: BrumState): ProcessView[] {
  return state.order.flatMap((id) => processView(state, id) ?? []);
}

/** A log line for machines: colours removed (a reader that wants them asks for raw). */
export interface LineView {
  readonly seq: number;
  readonly name: string;
  readonly stream: 'stdout' | 'stderr';
  readonly ts: string;
  readonly text: string;
}

export function lineView(entry: LogEntry, raw = false): LineView {
  return { seq: entry.seq, name: entry.proc, stream: entry.stream, ts: new Date(entry.ts).toISOString(), text: raw ? entry.text : stripAnsi(entry.text) };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
