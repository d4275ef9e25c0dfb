import type { ProcessState } from '../src/state/process-state';
import { fit } from './format';

/** Widths of the process list's fixed columns, shared by the header and the rows so they line up. */
export const COLUMNS = { pid: 8, uptime: 8, restarts: 5, exit: 10, errors: 6 } as const;

/** Longest name the list and the merged prefixes make room for; longer ones are cut with `…`. */
export const MAX_NAME_WIDTH = 24;

export function nameWidth(names: readonly string[]): number {
  return Math.min(MAX_NAME_WIDTH, Math.max(4, ...names.map((n) => n.length)));
}

/** The fixed-width text cells of one process row. */
export interface RowCells {
  readonly name: string;
  readonly pid: string;
  readonly uptime: string;
  readonly restarts: string;
  readonly exit: string;
  readonly errors: string;
}

export function rowCells(proc: ProcessState, uptime: string, errorCount: number, width: number): RowCells {
  const exit = proc.signal !== null ? proc.signal : proc.exitCode !== null ? `exit ${proc.exitCode}` : '';
  return {
    name: fit(proc.name, width),
    pid: (proc.pid === null ? '' : String(proc.pid)).padStart(COLUMNS.pid - 1).padEnd(COLUMNS.pid),
    uptime: uptime.padStart(COLUMNS.uptime - 1).padEnd(COLUMNS.uptime),
    restarts: fit(proc.restarts > 0 ? `↻${proc.restarts}` : '', COLUMNS.restarts),
    exit: fit(exit, COLUMNS.exit),
    errors: fit(errorCount > 0 ? `✖${errorCount}` : '', COLUMNS.errors),
  };
}

/** The header row, aligned with {@link rowCells}: the title stands over the names. */
export function headerText(title: string, width: number): string {
  return (
    '   ' +
    fit(title, width) +
    'PID'.padStart(COLUMNS.pid - 1).padEnd(COLUMNS.pid) +
    'UPTIME'.padStart(COLUMNS.uptime - 1).padEnd(COLUMNS.uptime) +
    fit('↻', COLUMNS.restarts) +
    fit('EXIT', COLUMNS.exit) +
    fit('ERR', COLUMNS.errors) +
    'URL · STATE'
  );
}
