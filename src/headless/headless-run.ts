import type { Writable } from 'node:stream';
import { KillOthers } from '../policies/kill-others';
import { exitCodeFor, type SuccessCondition } from '../policies/success';
import { isPending, type ProcessState } from '../state/process-state';
import type { BrumState, BrumStore } from '../state/store';
import { createBrum, type Brum } from '../runtime/brum';
import type { Reaper } from '../runtime/reaper';
import type { Supervisor } from '../runtime/supervisor';
import type { Clock, ProcessPort } from '../runtime/process-port';
import type { ProcessDef } from '../runtime/types';
import { withDependencies } from '../defs/closure';
import { PrefixWriter } from './prefix-writer';
import { buildReport, writeReport } from './report';
import { RunHistory } from './run-history';
import { statusNote } from './status-notes';

export interface HeadlessOptions {
  /** Every process brum knows (a dependency may be started without being named). */
  readonly defs: readonly ProcessDef[];
  /** The processes to start (default: all of `defs`); their dependencies start with them. */
  readonly startIds?: readonly string[];
  readonly out: Writable;
  readonly color: boolean;
  readonly killOthers?: boolean;
  readonly killOthersOnFail?: boolean;
  /** Which ending decides the exit code (concurrently's --success); default `all`. */
  readonly success?: SuccessCondition;
  readonly killTimeoutMs?: number;
  readonly reaper?: Reaper | null;
  /** Where to write the JSON report at exit, if anywhere. */
  readonly report?: string;
  /** How children are started and signalled, and the supervisor's time (specs pass fakes). */
  readonly port?: ProcessPort;
  readonly clock?: Clock;
}

/** 128 + SIGPIPE: what a shell reports for a program whose reader went away. */
export const EXIT_READER_GONE = 141;

/** `brum run`: start everything, stream prefixed lines, and settle on one exit code when all are done. */
export class HeadlessRun {
  readonly brum: Brum;
  readonly store: BrumStore;
  readonly supervisor: Supervisor;
  readonly writer: PrefixWriter;
  /** Final states in the order the processes ended: what --success decides on. */
  private readonly ended: ProcessState[] = [];
  private readonly startedAt = Date.now();
  private readonly startIds: readonly string[];
  private readonly history: RunHistory;
  /** A stop of everything was asked for: watches no longer keep the run going. */
  private ending = false;
  private recheck: () => void = () => undefined;

  constructor(private readonly opts: HeadlessOptions) {
    this.startIds = opts.startIds ?? opts.defs.map((d) => d.id);
    // Prefixes are as wide as the names that can appear: what was asked for and what it depends on.
    this.writer = new PrefixWriter(
      opts.out,
      withDependencies(opts.defs, this.startIds).map((d) => d.name),
      opts.color,
    );
    this.brum = createBrum({
      defs: opts.defs,
      sinks: [this.writer],
      ...(opts.killTimeoutMs !== undefined ? { killTimeoutMs: opts.killTimeoutMs } : {}),
      color: opts.color,
      reaper: opts.reaper ?? null,
      ...(opts.port ? { port: opts.port } : {}),
      ...(opts.clock ? { clock: opts.clock } : {}),
    });
    this.store = this.brum.store;
    this.supervisor = this.brum.supervisor;
    this.history = new RunHistory(this.store);
    this.brum.bus.subscribe('url.detected', ({ proc, url }) => {
      const name = this.store.getState().processes[proc]?.name ?? proc;
      this.writer.note(`${name} → ${url}`);
    });
    this.writer.setPressureControl({
      pause: () => this.supervisor.pauseOutput(),
      resume: () => this.supervisor.resumeOutput(),
    });
    // Nobody reads any more (`brum run … | head`): stop everything, as a program killed by SIGPIPE would end.
    this.writer.onClosed(() => void this.stopAll());
    // Policies act on transitions from the bus, through the command layer.
    const mode = opts.killOthers ? 'exit' : opts.killOthersOnFail ? 'fail' : null;
    if (mode !== null) {
      const flag = mode === 'exit' ? '--kill-others' : '--kill-others-on-fail';
      const policy = new KillOthers(mode, () => this.stopAll(), () => this.writer.note(`stopping the others (${flag})`));
      this.brum.bus.subscribe('process.transition', policy.onTransition);
    }
  }

  /**
   * Runs to completion and resolves with the exit code brum should end with. `final` turns the runner's own code
   * into brum's (a signal's code after Ctrl-C), so the report says what the shell will see.
   */
  async run(final: (code: number) => number = (code) => code): Promise<number> {
    const allDone = this.whenAllDone();
    await Promise.all(this.startIds.map((id) => this.brum.controls.start(id)));
    await allDone;
    await this.supervisor.settled();
    this.history.close();
    await this.brum.close();
    await this.writer.drained();
    const code = final(this.writer.readerGone ? EXIT_READER_GONE : exitCodeFor(this.opts.success ?? 'all', this.ended));
    if (this.opts.report) writeReport(this.opts.report, buildReport(this.store.getState(), this.startedAt, code, this.history.runs()));
    return code;
  }

  /** Graceful stop of everything (Ctrl-C). `run()` then resolves once all is down, watches or not. */
  stopAll(): Promise<void> {
    this.ending = true;
    this.recheck();
    return this.brum.controls.stopAll();
  }

  /**
   * Resolves when everything asked for has begun and nothing is pending any more: no process alive, waiting for
   * a dependency, or waiting out a restart delay (a process that will still restart has not finished).
   */
  private whenAllDone(): Promise<void> {
    const begun = new Set<string>();
    return new Promise((resolve) => {
      const check = (s: BrumState): void => {
        // A process that ended by itself while its watch is on starts again on the next change (nodemon's
        // habit), so the run is not over until a stop (Ctrl-C) ends it.
        const watching = (id: string): boolean => {
          const p = s.processes[id];
          return !this.ending && p !== undefined && p.watch?.state === 'on' && begun.has(id) && !p.stopped;
        };
        // A restart between its stop and its start (a watch, a reload, a dependency) is not an end either.
        const pending = this.brum.controls.restarting() || s.order.some((id) => isPending(s.processes[id]?.status ?? 'idle') || watching(id));
        if (!pending && this.startIds.every((id) => begun.has(id))) {
          unsubscribe();
          stopListening();
          this.recheck = () => undefined;
          resolve();
        }
      };
      const unsubscribe = this.store.subscribe((next, prev) => {
        for (const id of next.order) {
          const now = next.processes[id];
          const before = prev.processes[id];
          if (now === undefined || now === before) continue;
          if (now.status !== 'idle') begun.add(id);
          this.onChange(before, now);
        }
        if (next.project !== prev.project) this.onProject(next.project);
        check(next);
      });
      const stopListening = this.brum.controls.onSettled(() => this.recheck());
      this.recheck = () => check(this.store.getState());
    });
  }

  private onProject(project: BrumState['project']): void {
    if (project.error !== null) this.writer.note(project.error);
    else if (project.note !== null) this.writer.note(project.note);
  }

  private onChange(before: ProcessState | undefined, p: ProcessState): void {
    const note = statusNote(before, p);
    if (note !== null) this.writer.note(note);
    if ((p.status === 'failed' || p.status === 'exited') && before?.status !== p.status) this.ended.push(p);
  }
}
