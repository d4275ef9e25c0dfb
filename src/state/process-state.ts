/**
 * Lifecycle of one supervised process. `exited` is a clean or requested end; `failed` carries a reason.
 * `waiting`: asked to start, holding until its dependencies' conditions hold (nothing runs yet).
 * `restarting`: ended by itself and will start again when its backoff delay is over (nothing runs meanwhile).
 */
export type ProcessStatus = 'idle' | 'waiting' | 'starting' | 'running' | 'stopping' | 'restarting' | 'exited' | 'failed';

export const PROCESS_STATUSES: readonly ProcessStatus[] = [
  'idle',
  'waiting',
  'starting',
  'running',
  'stopping',
  'restarting',
  'exited',
  'failed',
];

/** Readiness of the current run: checking its probe, ready (and how long that took), or never ready in time. */
export type Readiness =
  | { readonly state: 'checking'; readonly via: string }
  | { readonly state: 'ready'; readonly via: string | null; readonly tookMs: number; readonly at: number }
  | { readonly state: 'unready'; readonly via: string; readonly reason: string };

/** A process's file watch: on, paused by the user, or suspended by the flap guard (with why). */
export interface WatchInfo {
  readonly state: 'on' | 'paused' | 'suspended';
  readonly reason: string | null;
}

/** A restart waiting out its backoff delay: restart `attempt` of `max` (null: no limit) fires at `at`. */
export interface PendingRestart {
  readonly at: number;
  readonly delayMs: number;
  readonly attempt: number;
  readonly max: number | null;
}

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
  /** While `waiting`: the conditions still to hold, e.g. "db: ready, migrate: succeeded". */
  readonly waitingFor: string | null;
  /** null until the run has started. */
  readonly readiness: Readiness | null;
  /** While `restarting`: when and which restart. */
  readonly pendingRestart: PendingRestart | null;
  /** null when the process watches no files. */
  readonly watch: WatchInfo | null;
  /** The last end was asked for (a stop), not the process's own doing. */
  readonly stopped: boolean;
  /**
   * What the latest watch restart was for ("src/routes/users.ts changed (+3 more)"), until a fresh start. An object,
   * so the same text twice is still two triggers to a reader comparing snapshots.
   */
  readonly trigger: { readonly text: string; readonly at: number } | null;
}

/** What can happen to a process. Each event is legal only from some statuses (see `transition`). */
export type ProcessEvent =
  | { readonly type: 'wait'; readonly on: string; readonly at: number }
  | { readonly type: 'dependency-failed'; readonly reason: string; readonly at: number }
  | { readonly type: 'start'; readonly at: number; readonly restart?: boolean }
  /** `probe` names the readiness check about to run; null: ready as soon as it started. */
  | { readonly type: 'spawned'; readonly pid: number; readonly at: number; readonly probe?: string | null }
  | { readonly type: 'spawn-failed'; readonly reason: string; readonly at: number }
  | { readonly type: 'ready'; readonly at: number }
  | { readonly type: 'unready'; readonly reason: string; readonly at: number }
  | { readonly type: 'stop'; readonly at: number }
  /** The user's stop of a process that is not running: a wait or a pending restart is called off. */
  | { readonly type: 'cancel'; readonly at: number }
  | { readonly type: 'watch'; readonly watch: WatchInfo | null; readonly at: number }
  /** Files changed: a watch restart (or start) follows. */
  | { readonly type: 'triggered'; readonly trigger: string; readonly at: number }
  | {
      readonly type: 'exit';
      readonly code: number | null;
      readonly signal: string | null;
      readonly at: number;
      /** An unrequested end that the restart policy will restart after a delay. */
      readonly restart?: Omit<PendingRestart, 'at'>;
      /** An unrequested end after which the restart policy gave up: the reason replaces the exit's own. */
      readonly gaveUp?: string;
    };

export type ProcessEventType = ProcessEvent['type'];
export const PROCESS_EVENT_TYPES: readonly ProcessEventType[] = [
  'wait',
  'dependency-failed',
  'start',
  'spawned',
  'spawn-failed',
  'ready',
  'unready',
  'stop',
  'cancel',
  'watch',
  'triggered',
  'exit',
];

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
  // `waiting` again: the conditions still to hold changed (one of them now holds).
  wait: ['idle', 'waiting', 'exited', 'failed'],
  'dependency-failed': ['waiting'],
  start: ['idle', 'waiting', 'restarting', 'exited', 'failed'],
  spawned: ['starting'],
  'spawn-failed': ['starting'],
  ready: ['running'],
  unready: ['running'],
  stop: ['starting', 'running'],
  cancel: ['waiting', 'restarting'],
  // Neither changes the lifecycle: a watch is configured, paused or tripped in any status.
  watch: PROCESS_STATUSES,
  triggered: PROCESS_STATUSES,
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
    waitingFor: null,
    readiness: null,
    pendingRestart: null,
    watch: null,
    trigger: null,
    stopped: false,
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
    case 'wait':
      return freeze(state, { status: 'waiting', waitingFor: event.on, reason: null, pendingRestart: null });
    case 'dependency-failed':
      return freeze(state, { status: 'failed', waitingFor: null, reason: event.reason, endedAt: event.at });
    case 'start':
      return freeze(state, {
        status: 'starting',
        pid: null,
        startedAt: null,
        endedAt: null,
        exitCode: null,
        signal: null,
        reason: null,
        waitingFor: null,
        readiness: null,
        pendingRestart: null,
        restarts: event.restart ? state.restarts + 1 : state.restarts,
        // A fresh start is not the watch's doing; a restart keeps saying what caused it.
        trigger: event.restart ? state.trigger : null,
        stopped: false,
      });
    case 'spawned': {
      const probe = event.probe ?? null;
      const readiness: Readiness =
        probe === null ? { state: 'ready', via: null, tookMs: 0, at: event.at } : { state: 'checking', via: probe };
      return freeze(state, { status: 'running', pid: event.pid, startedAt: event.at, readiness });
    }
    case 'spawn-failed':
      return freeze(state, { status: 'failed', reason: event.reason, endedAt: event.at });
    case 'ready': {
      const via = state.readiness?.via ?? null;
      const tookMs = Math.max(0, event.at - (state.startedAt ?? event.at));
      return freeze(state, { readiness: { state: 'ready', via, tookMs, at: event.at } });
    }
    case 'unready':
      return freeze(state, { readiness: { state: 'unready', via: state.readiness?.via ?? 'probe', reason: event.reason } });
    case 'stop':
      return freeze(state, { status: 'stopping' });
    case 'cancel': {
      if (state.status === 'waiting') return freeze(state, { status: 'idle', waitingFor: null });
      // A called-off restart leaves the end that caused it on show.
      const clean = state.exitCode === 0 && state.signal === null;
      return freeze(state, { status: clean ? 'exited' : 'failed', pendingRestart: null });
    }
    case 'watch':
      return freeze(state, { watch: event.watch });
    case 'triggered':
      return freeze(state, { trigger: Object.freeze({ text: event.trigger, at: event.at }) });
    case 'exit': {
      // A requested stop ends as `exited` whatever the code: the user asked for it, so it is not a failure.
      const requested = state.status === 'stopping';
      const clean = event.code === 0 && event.signal === null;
      const failed = !requested && !clean;
      const ended = { exitCode: event.code, signal: event.signal, endedAt: event.at, stopped: requested };
      const reason = failed ? exitReason(event.code, event.signal) : null;
      if (!requested && event.restart) {
        const pendingRestart = { ...event.restart, at: event.at + event.restart.delayMs };
        return freeze(state, { ...ended, status: 'restarting', reason, pendingRestart });
      }
      if (!requested && event.gaveUp !== undefined) return freeze(state, { ...ended, status: 'failed', reason: event.gaveUp });
      return freeze(state, { ...ended, status: failed ? 'failed' : 'exited', reason });
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

/** Ended for good: nothing runs and nothing will start again unless someone asks. */
export function isFinished(status: ProcessStatus): boolean {
  return status === 'exited' || status === 'failed';
}

/** Asked to run and not finished: alive, or waiting for dependencies, or waiting out a restart delay. */
export function isPending(status: ProcessStatus): boolean {
  return status === 'waiting' || status === 'restarting' || isActive(status);
}

/** Statuses in which the process (or its group) may still be alive. */
export function isActive(status: ProcessStatus): boolean {
  return status === 'starting' || status === 'running' || status === 'stopping';
}
