import type { Dependency } from '../defs/process-def';
import { conditionState, describeWait, needsStart, stopLayers } from '../policies/depends-on';
import { isActive, type ProcessState } from '../state/process-state';
import { dispatch, type BrumState, type BrumStore } from '../state/store';
import type { Supervisor } from './supervisor';

/**
 * Dependencies, for every front end: a start brings up what the process depends on first (transitively), waits
 * visibly until each condition holds, and fails with the dependency's reason when one never can; a stop of
 * everything takes dependents down before their dependencies; a dependency that restarts restarts the dependents
 * that asked for it (`restart: true`). Waits read the store, so they see a condition the moment it holds.
 */
export class Orchestrator {
  private readonly unsubscribe: () => void;
  /** Bumped by every stop, so a restart in two steps (stop, then start with dependencies) can see it was overruled. */
  private readonly stops = new Map<string, number>();
  /** Processes whose next start must not restart their dependents. */
  private readonly quiet = new Set<string>();
  private inFlight = 0;
  private readonly settledListeners = new Set<() => void>();

  constructor(
    private readonly store: BrumStore,
    private readonly supervisor: Supervisor,
  ) {
    this.unsubscribe = store.subscribe((next, prev) => this.onChange(next, prev));
  }

  close(): void {
    this.unsubscribe();
  }

  /** Starts `id` once its dependencies' conditions hold, starting those dependencies first. */
  async start(id: string, restart = false): Promise<void> {
    const deps = this.deps(id);
    const state = this.state(id);
    // Already on its way: a second start must not jump the wait it is in.
    if (state?.status === 'waiting') return;
    if (deps.length === 0 || state === undefined || isActive(state.status)) {
      await this.supervisor.start(id, { restart });
      return;
    }
    if (state.status === 'restarting') {
      // Its dependencies held when it crashed; a start now is the user skipping the delay.
      await this.supervisor.start(id, { restart: true });
      return;
    }
    const launched = new Map<string, ProcessState>();
    for (const dep of deps) {
      const depState = this.state(dep.id);
      if (depState !== undefined && needsStart(depState, dep.condition)) {
        launched.set(dep.id, depState);
        void this.start(dep.id);
      }
    }
    const outcome = await this.waitFor(id, deps, launched);
    if (outcome === 'go') await this.supervisor.start(id, { restart });
  }

  /**
   * Stops and starts `id` again. `cascade: false` keeps its `restart: true` dependents running (a watch restart
   * without `cascade`); by default they restart after it, as they asked.
   */
  restart(id: string, opts: { cascade?: boolean } = {}): Promise<void> {
    return this.tracked(this.doRestart(id, opts));
  }

  /** True while a restart is between its stop and its start: the process is down, but not finished. */
  get restarting(): boolean {
    return this.inFlight > 0;
  }

  /** Told whenever the last restart in flight ends (a reader waiting for "all done" looks again). */
  onSettled(listener: () => void): () => void {
    this.settledListeners.add(listener);
    return () => this.settledListeners.delete(listener);
  }

  private async tracked(work: Promise<void>): Promise<void> {
    this.inFlight++;
    try {
      await work;
    } finally {
      this.inFlight--;
      if (this.inFlight === 0) for (const listener of [...this.settledListeners]) listener();
    }
  }

  private async doRestart(id: string, opts: { cascade?: boolean }): Promise<void> {
    if (opts.cascade === false) this.quiet.add(id);
    // Without dependencies the supervisor restarts in one queued step, which a later stop can still cancel.
    if (this.deps(id).length === 0) return this.supervisor.restart(id);
    const before = this.state(id)?.status;
    const generation = this.stops.get(id) ?? 0;
    await this.supervisor.stop(id);
    // A stop asked for meanwhile wins over this restart, as it would over a queued one.
    if ((this.stops.get(id) ?? 0) !== generation) return;
    await this.start(id, before !== undefined && before !== 'idle');
  }

  stop(id: string): Promise<void> {
    this.stops.set(id, (this.stops.get(id) ?? 0) + 1);
    return this.supervisor.stop(id);
  }

  /** Stops everything, dependents before their dependencies; each layer waits for the one above it to be down. */
  async stopAll(): Promise<void> {
    const graph = new Map<string, readonly Dependency[]>();
    for (const def of this.supervisor.allDefs()) graph.set(def.id, def.dependsOn ?? []);
    for (const layer of stopLayers(graph)) await Promise.all(layer.map((id) => this.stop(id)));
  }

  /**
   * Holds `id` in `waiting` until every condition holds ('go'), one never can (`failed`, with the reason), or
   * someone stopped the wait ('cancelled'). A dependency this start launched counts as pending until its state
   * has moved on from the snapshot it had when launched: its start is queued, and its old end is not news.
   */
  private waitFor(id: string, deps: readonly Dependency[], launched: Map<string, ProcessState>): Promise<'go' | 'failed' | 'cancelled'> {
    return new Promise((resolve) => {
      let shown: string | null = null;
      let done = false;
      const check = (): void => {
        if (done) return;
        const s = this.store.getState();
        const me = s.processes[id];
        if (me === undefined) return finish('cancelled');
        // Someone stopped the wait (or started the process by other means) since it began.
        if (shown !== null && me.status !== 'waiting') return finish('cancelled');
        const remaining: Dependency[] = [];
        for (const dep of deps) {
          const depState = s.processes[dep.id];
          if (depState === undefined) continue;
          if (launched.get(dep.id) === depState) {
            remaining.push(dep);
            continue;
          }
          launched.delete(dep.id);
          const c = conditionState(depState, dep.condition);
          if (c.kind === 'never') {
            finish('failed');
            dispatch(this.store, id, { type: 'dependency-failed', reason: c.reason, at: Date.now() });
            return;
          }
          if (c.kind === 'pending') remaining.push(dep);
        }
        if (remaining.length === 0) return finish('go');
        const on = describeWait(remaining);
        if (on !== shown) {
          shown = on;
          dispatch(this.store, id, { type: 'wait', on, at: Date.now() });
        }
      };
      const finish = (outcome: 'go' | 'failed' | 'cancelled'): void => {
        done = true;
        unsubscribe();
        resolve(outcome);
      };
      const unsubscribe = this.store.subscribe((next, prev) => {
        if (next.processes !== prev.processes) check();
      });
      check();
    });
  }

  /** A dependency that starts again after it had run restarts the running dependents that asked for it. */
  private onChange(next: BrumState, prev: BrumState): void {
    if (next.processes === prev.processes) return;
    for (const id of next.order) {
      const now = next.processes[id];
      const before = prev.processes[id];
      if (now === undefined || before === undefined || now === before) continue;
      // Starting again after it had run (a restart, or a start after it ended) counts as restarting.
      if (now.status !== 'starting' || (now.restarts === before.restarts && before.startedAt === null)) continue;
      if (this.quiet.delete(id)) continue;
      for (const def of this.supervisor.allDefs()) {
        const wants = (def.dependsOn ?? []).some((d) => d.id === id && d.restart);
        const status = next.processes[def.id]?.status;
        if (wants && status !== undefined && (isActive(status) || status === 'restarting')) void this.restart(def.id);
      }
    }
  }

  private deps(id: string): readonly Dependency[] {
    return this.supervisor.def(id)?.dependsOn ?? [];
  }

  private state(id: string): ProcessState | undefined {
    return this.store.getState().processes[id];
  }
}
