import { describeCheck, waitReady } from '../policies/probes';
import { dispatch, type BrumStore } from '../state/store';
import { REAL_CLOCK, type Clock } from './process-port';
import type { ProcessDef } from './types';

/**
 * Makes, for one run of `id`, a check that says whether a line matching `pattern` has appeared since the run
 * began, and a way to hear of new lines (so the check runs when they arrive rather than at the next period).
 */
export type LogCheckFactory = (id: string, pattern: string) => { readonly check: () => boolean; readonly onInput?: (wake: () => void) => () => void };

/**
 * Runs each run's readiness probe and records the outcome in the store (`ready`, with the time it took, or
 * `unready` with the reason), which is what dependents wait on. A run without a probe is ready when it starts.
 */
export class ReadinessWatch {
  constructor(
    private readonly store: BrumStore,
    private readonly clock: Clock,
    private readonly logCheck?: LogCheckFactory,
  ) {}

  /** What the row shows while checking ("tcp 127.0.0.1:5432"); null when the definition has no probe. */
  describe(def: ProcessDef): string | null {
    return def.ready ? describeCheck(def.ready.check) : null;
  }

  /** Starts checking the run that just spawned; returns what ends the check early (the run ended or is stopping). */
  watch(id: string, def: ProcessDef, env: Record<string, string>): () => void {
    const probe = def.ready;
    if (probe === undefined) return () => undefined;
    const controller = new AbortController();
    const check = probe.check;
    const log = check.kind === 'log' ? this.logCheck?.(id, check.pattern) : undefined;
    const pid = this.store.getState().processes[id]?.pid ?? null;
    // The probes' own real clock clears its timer on abort; a spec's fake clock is passed through.
    const clock = this.clock === REAL_CLOCK ? {} : { clock: this.clock };
    const logOpts = log ? { logCheck: log.check, ...(log.onInput ? { onInput: log.onInput } : {}) } : {};
    void waitReady({ probe, cwd: def.cwd, env, signal: controller.signal, ...clock, ...logOpts }).then((result) => {
      // Only the run that asked may hear the answer: a later run (after a restart) has its own check.
      const now = this.store.getState().processes[id];
      if (controller.signal.aborted || now?.status !== 'running' || now.pid !== pid) return;
      if (result.ready) dispatch(this.store, id, { type: 'ready', at: this.clock.now() });
      else dispatch(this.store, id, { type: 'unready', reason: result.reason, at: this.clock.now() });
    });
    return () => controller.abort();
  }
}
