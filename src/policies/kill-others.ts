import type { ProcessTransition } from '../events/topics';

/** concurrently's --kill-others (any end) and --kill-others-on-fail (a failure only). */
export type KillOthersMode = 'exit' | 'fail';

/**
 * When one process ends (for `exit`: in any way; for `fail`: by failing), stops all the others, once. It acts
 * only through the command layer's stopAll, and decides only on transitions, so its spec needs no process.
 */
export class KillOthers {
  private triggered = false;

  constructor(
    private readonly mode: KillOthersMode,
    private readonly stopAll: () => Promise<void>,
    /** Told once, when it fires: the front end says so (`[brum] stopping the others (--kill-others)`). */
    private readonly onTrigger: (cause: ProcessTransition) => void = () => undefined,
  ) {}

  /** Subscribe this to `process.transition`. */
  readonly onTransition = (t: ProcessTransition): void => {
    if (this.triggered) return;
    const ended = t.to === 'exited' || t.to === 'failed';
    if (!ended || (this.mode === 'fail' && t.to !== 'failed')) return;
    this.triggered = true;
    this.onTrigger(t);
    void this.stopAll();
  };

  get fired(): boolean {
    return this.triggered;
  }
}
