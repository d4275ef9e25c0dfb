import type { LogStore } from '../logs/log-store';
import type { LogCounters } from '../logs/log-entry';
import { isActive } from '../state/process-state';
import { addProcess, removeProcess, replaceProcess, setLogCounters, type BrumStore } from '../state/store';
import type { Supervisor } from './supervisor';
import type { ProcessDef } from './types';

/**
 * The one way any front end reaches processes: the TUI's keys, the headless runner, and later the control API
 * and the MCP server all call these, so what "restart all" or "clear" means cannot differ between them.
 */
export interface Controls {
  start(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  restart(id: string): Promise<void>;
  /** Restarts every process that is running (or starting) now; the others stay as they are. */
  restartAll(): Promise<void>;
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
}

export interface ControlsDeps {
  readonly store: BrumStore;
  readonly logs: LogStore;
  readonly supervisor: Supervisor;
}

export function createControls({ store, logs, supervisor }: ControlsDeps): Controls {
  return {
    start: (id) => supervisor.start(id),
    stop: (id) => supervisor.stop(id),
    restart: (id) => supervisor.restart(id),
    async restartAll() {
      const { order, processes } = store.getState();
      const running = order.filter((id) => isActive(processes[id]?.status ?? 'idle') && processes[id]?.status !== 'stopping');
      await Promise.all(running.map((id) => supervisor.restart(id)));
    },
    stopAll: () => supervisor.stopAll(),
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
      removeProcess(store, id);
    },
  };
}
