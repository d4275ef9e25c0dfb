import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../user-error';
import type { LogCounters } from '../logs/log-entry';
import type { BrumState } from '../state/store';
import type { RunRecord } from './run-history';

export interface ProcessReport {
  readonly name: string;
  readonly command: string;
  readonly status: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly reason: string | null;
  readonly durationMs: number | null;
  readonly lines: number;
  readonly droppedLines: number;
  readonly errors: ReadonlyArray<{
    readonly kind: string;
    readonly message: string;
    readonly location: { file: string; line?: number; col?: number } | null;
    readonly lines: readonly string[];
  }>;
  readonly urls: readonly string[];
  /** Every run, oldest first: a process restarted by its policy has several. */
  readonly runs: readonly RunRecord[];
}

export interface RunReport {
  readonly version: 1;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly exitCode: number;
  readonly processes: readonly ProcessReport[];
}

/** The CI artefact of `brum run --report`: what ran, how it ended, and the errors and URLs it printed. */
export function buildReport(
  state: BrumState,
  startedAt: number,
  exitCode: number,
  runs: ReadonlyMap<string, readonly RunRecord[]> = new Map(),
): RunReport {
  const zero: LogCounters = { lines: 0, bytes: 0, dropped: 0, cleared: 0 };
  return {
    version: 1,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date().toISOString(),
    exitCode,
    // What ran (or was asked to and could not): the project's other processes are no part of this run.
    processes: state.order.filter((id) => state.processes[id]?.status !== 'idle' || state.processes[id]?.startedAt !== null).map((id) => {
      const p = state.processes[id];
      const counters = state.logs[id] ?? zero;
      return {
        name: p?.name ?? id,
        command: p?.command ?? '',
        status: p?.status ?? 'idle',
        exitCode: p?.exitCode ?? null,
        signal: p?.signal ?? null,
        reason: p?.reason ?? null,
        durationMs: p?.startedAt != null && p.endedAt != null ? p.endedAt - p.startedAt : null,
        lines: counters.lines,
        droppedLines: counters.dropped,
        errors: (state.errors[id] ?? []).map((e) => ({
          kind: e.kind,
          message: e.message,
          location: e.location ? { ...e.location } : null,
          lines: e.lines,
        })),
        urls: state.urls[id] ?? [],
        runs: runs.get(id) ?? [],
      };
    }),
  };
}

export function writeReport(file: string, report: RunReport): void {
  try {
    writeFileSync(file, JSON.stringify(report, null, 2) + '\n');
  } catch (error) {
    throw new UserError(`could not write the report to ${file}: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** Checked before anything starts, so a run is not wasted on a report that cannot be written. */
export function checkReportPath(file: string): void {
  const dir = path.dirname(file);
  let isDir: boolean;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) throw new UserError(`cannot write the report to ${file}: folder ${dir} does not exist. Pick a file in an existing folder.`);
}
