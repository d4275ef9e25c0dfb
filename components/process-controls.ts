import type { Supervisor } from '../src/runtime/supervisor';
import type { BrumStore } from '../src/state/store';

/** The process commands the TUI may issue. Tests pass a fake and assert the calls. */
export interface ProcessControls {
  start(id: string): Promise<void>;
  stop(id: string): Promise<void>;
  restart(id: string): Promise<void>;
  /** Restarts every process that is running (or starting) now. */
  restartAll(): Promise<void>;
  stopAll(): Promise<void>;
  /** SIGKILL to every group brum started, without waiting for anything queued. */
  killAllNow(): void;
}

export function controlsFromSupervisor(supervisor: Supervisor, store: BrumStore): ProcessControls {
  return {
    start: (id) => supervisor.start(id),
    stop: (id) => supervisor.stop(id),
    restart: (id) => supervisor.restart(id),
    async restartAll() {
      const { order, processes } = store.getState();
      const running = order.filter((id) => {
        const status = processes[id]?.status;
        return status === 'running' || status === 'starting';
      });
      await Promise.all(running.map((id) => supervisor.restart(id)));
    },
    stopAll: () => supervisor.stopAll(),
    killAllNow: () => supervisor.killAllNow(),
  };
}
