/** Lifecycle of one supervised process. `exited` is a clean or requested end; `failed` carries a reason. */
export type ProcessStatus = 'idle' | 'starting' | 'running' | 'stopping' | 'exited' | 'failed';

export const PROCESS_STATUSES: readonly ProcessStatus[] = ['idle', 'starting', 'running', 'stopping', 'exited', 'failed'];

/** A frozen snapshot of one process. Never mutated: every change produces a new object. */
export interface ProcessState {
  readonly id: string;
  readonly name: string;
  readonly command: string;
  readonly cwd: string;
  readonly status: ProcessStatus;
  readonly pid: number | null;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly restarts: number;
  readonly reason: string | null;
}

/** What can happen to a process. Each event is legal only from some statuses (see `transition`). */
export type ProcessEvent =
  | { readonly type: 'start'; readonly at: number; readonly restart?: boolean }
  | { readonly type: 'spawned'; readonly pid: number; readonly at: number }
  | { readonly type: 'spawn-failed'; readonly reason: string; readonly at: number }
  | { readonly type: 'stop'; readonly at: number }
  | {
      readonly type: 'exit';
      readonly code: number | null;
      readonly signal: string | null;
      readonly at: number;
    };

export type ProcessEventType = ProcessEvent['type'];
export const PROCESS_EVENT_TYPES: readonly ProcessEventType[] = ['start', 'spawned', 'spawn-failed', 'stop', 'exit'];

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ProcessStatus,
    readonly event: ProcessEventType,
    readonly id: string,
  ) {
    super(`illegal transition for "${id}": ${event} while ${from}`);
    this.name = 'IllegalTransitionError';
  }
}

/** The whole legal table in one place, so tests can enumerate it and nobody has to read code paths. */
const LEGAL: Readonly<Record<ProcessEventType, readonly ProcessStatus[]>> = {
  start: ['idle', 'exited', 'failed'],
  spawned: ['starting'],
  'spawn-failed': ['starting'],
  stop: ['starting', 'running'],
  exit: ['starting', 'running', 'stopping'],
};

export function isLegal(from: ProcessStatus, event: ProcessEventType): boolean {
  return LEGAL[event].includes(from);
}

export function createProcessState(init: { id: string; name: string; command: string; cwd: string }): ProcessState {
  return Object.freeze({
    id: init.id,
    name: init.name,
    command: init.command,
    cwd: init.cwd,
    status: 'idle',
    pid: null,
    startedAt: null,
    endedAt: null,
    exitCode: null,
    signal: null,
    restarts: 0,
    reason: null,
  } satisfies ProcessState);
}

/** Human reason for an unrequested end, e.g. "exited with code 1" or "killed by SIGSEGV". */
export function exitReason(code: number | null, signal: string | null): string {
  if (signal) return `killed by ${signal}`;
  if (code === 127) return 'command not found (exit 127)';
  if (code === 126) return 'command not executable (exit 126)';
  return `exited with code ${code ?? 'unknown'}`;
}

/** Pure: returns a new frozen state, or throws IllegalTransitionError. */
export function transition(state: ProcessState, event: ProcessEvent): ProcessState {
  if (!isLegal(state.status, event.type)) throw new IllegalTransitionError(state.status, event.type, state.id);
  switch (event.type) {
    case 'start':
      return freeze(state, {
        status: 'starting',
        pid: null,
        startedAt: null,
        endedAt: null,
        exitCode: null,
        signal: null,
        reason: null,
        restarts: event.restart ? state.restarts + 1 : state.restarts,
      });
    case 'spawned':
      return freeze(state, { status: 'running', pid: event.pid, startedAt: event.at });
    case 'spawn-failed':
      return freeze(state, { status: 'failed', reason: event.reason, endedAt: event.at });
    case 'stop':
      return freeze(state, { status: 'stopping' });
    case 'exit': {
      // A requested stop ends as `exited` whatever the code: the user asked for it, so it is not a failure.
      const requested = state.status === 'stopping';
      const clean = event.code === 0 && event.signal === null;
      const failed = !requested && !clean;
      return freeze(state, {
        status: failed ? 'failed' : 'exited',
        exitCode: event.code,
        signal: event.signal,
        endedAt: event.at,
        reason: failed ? exitReason(event.code, event.signal) : null,
      });
    }
    default: {
      const unreachable: never = event;
      throw new Error(`unknown event ${String(unreachable)}`);
    }
  }
}

function freeze(state: ProcessState, patch: Partial<ProcessState>): ProcessState {
  return Object.freeze({ ...state, ...patch });
}

/** Statuses in which the process (or its group) may still be alive. */
export function isActive(status: ProcessStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'stopping';
}
