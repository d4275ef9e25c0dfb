import type { LogStore } from '../logs/log-store';
import type { LogCounters } from '../logs/log-entry';
import { isActive } from '../state/process-state';
import { addProcess, removeProcess, replaceProcess, setLogCounters, type BrumStore } from '../state/store';
import type { Orchestrator } from './orchestrator';
import type { Supervisor } from './supervisor';
import type { ProcessDef } from './types';

/**
 * The one way any front end reaches processes: the TUI's keys, the headless runner, and later the control API
 * and the MCP server all call these, so what "restart all" or "clear" means cannot differ between them.
 */
export interface Controls {
  /** Starts the process once what it depends on is up (starting that first); `waiting` meanwhile. */
  start(id: string): Promise<void>;
  /** Stops it; a wait for dependencies or a pending restart is called off. */
  stop(id: string): Promise<void>;
  /** `cascade: false`: its `restart: true` dependents keep running (a watch restart without cascade). */
  restart(id: string, opts?: { cascade?: boolean }): Promise<void>;
  /** Restarts every process that is running (or starting) now; the others stay as they are. */
  restartAll(): Promise<void>;
  /** Stops everything, dependents before their dependencies. */
  stopAll(): Promise<void>;
  /** SIGKILL to every group brum started, without waiting for anything queued. */
  killAllNow(): void;
  /**
   * Empties one process's log (and takes its lines out of the merged view), or every log for `null`. The store
   * hears of it (LogCounters.cleared), so every reader of the snapshot sees the same log.
   */
  clearLogs(id: string | null): void;
  /** A new process, idle until started. */
  add(def: ProcessDef): void;
  /** A new definition for a known process: shown at once, used from its next start (a running one keeps going). */
  replace(def: ProcessDef): void;
  /** Stops the process (cancelling what was queued for it), then forgets it. */
  remove(id: string): Promise<void>;
  /** Pauses a process's file watch, or resumes it (a suspended one too). */
  toggleWatch(id: string): void;
  /** Reads the project file again and applies what changed (an invalid file changes nothing). */
  reload(): Promise<void>;
  /**
   * True while a restart is under way (between its stop and its start, the process looks ended); `onSettled`
   * tells when the last one is done. A reader deciding that everything has finished must ask.
   */
  restarting(): boolean;
  onSettled(listener: () => void): () => void;
  /** Where watch and reload go once a live project is attached (src/live); without one they do nothing. */
  attachLive(live: LiveHooks): void;
}

/** What a live project (file watches, hot reload) offers the command layer. */
export interface LiveHooks {
  toggleWatch(id: string): void;
  reload(): Promise<void>;
}

export interface ControlsDeps {
  readonly store: BrumStore;
  readonly logs: LogStore;
  readonly supervisor: Supervisor;
  /** Dependencies first on start, dependents first on stop. */
  readonly orchestrator: Orchestrator;
  /** What reads the processes' output (detectors and their state): told when a process is removed. */
  readonly ingest: { forget(id: string): void };
}

export function createControls({ store, logs, supervisor, orchestrator, ingest }: ControlsDeps): Controls {
  let live: LiveHooks | null = null;
  return {
    start: (id) => orchestrator.start(id),
    stop: (id) => orchestrator.stop(id),
    restart: (id, opts) => orchestrator.restart(id, opts),
    async restartAll() {
      const { order, processes } = store.getState();
      const running = order.filter((id) => isActive(processes[id]?.status ?? 'idle') && processes[id]?.status !== 'stopping');
      // A dependent that also restarts with its dependency (restart: true) restarts once: the later of the two
      // restarts overrules the earlier (Orchestrator.restart).
      await Promise.all(running.map((id) => orchestrator.restart(id)));
    },
    stopAll: () => orchestrator.stopAll(),
    killAllNow: () => supervisor.killAllNow(),
    clearLogs(id) {
      logs.clear(id);
      const ids = id === null ? store.getState().order : [id];
      const counters: Record<string, LogCounters> = {};
      for (const p of ids) counters[p] = logs.counters(p);
      setLogCounters(store, counters, logs.lastSeq);
    },
    add(def) {
      addProcess(store, def);
      supervisor.setDef(def);
    },
    replace(def) {
      replaceProcess(store, def);
      supervisor.setDef(def);
    },
    async remove(id) {
      await supervisor.removeDef(id);
      logs.clear(id);
      ingest.forget(id);
      removeProcess(store, id);
    },
    restarting: () => orchestrator.restarting,
    onSettled: (listener) => orchestrator.onSettled(listener),
    toggleWatch: (id) => live?.toggleWatch(id),
    reload: () => live?.reload() ?? Promise.resolve(),
    attachLive(hooks) {
      live = hooks;
    },
  };
}
