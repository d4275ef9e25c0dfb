import type { Writable } from 'node:stream';
import { KillOthers } from '../policies/kill-others';
import { exitCodeFor, type SuccessCondition } from '../policies/success';
import type { ProcessState } from '../state/process-state';
import type { BrumStore } from '../state/store';
import { createBrum, type Brum } from '../runtime/brum';
import type { Reaper } from '../runtime/reaper';
import type { Supervisor } from '../runtime/supervisor';
import type { Clock, ProcessPort } from '../runtime/process-port';
import type { ProcessDef } from '../runtime/types';
import { PrefixWriter } from './prefix-writer';
import { buildReport, writeReport } from './report';

export interface HeadlessOptions {
  readonly defs: readonly ProcessDef[];
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

  constructor(private readonly opts: HeadlessOptions) {
    this.writer = new PrefixWriter(
      opts.out,
      opts.defs.map((d) => d.name),
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
    this.brum.bus.subscribe('url.detected', ({ proc, url }) => {
      const name = this.store.getState().processes[proc]?.name ?? proc;
      this.writer.note(`${name} → ${url}`);
    });
    this.writer.setPressureControl({
      pause: () => this.supervisor.pauseOutput(),
      resume: () => this.supervisor.resumeOutput(),
    });
    // Nobody reads any more (`brum run … | head`): stop everything, as a program killed by SIGPIPE would end.
    this.writer.onClosed(() => void this.brum.controls.stopAll());
    // Policies act on transitions from the bus, through the command layer.
    const mode = opts.killOthers ? 'exit' : opts.killOthersOnFail ? 'fail' : null;
    if (mode !== null) {
      const flag = mode === 'exit' ? '--kill-others' : '--kill-others-on-fail';
      const policy = new KillOthers(mode, () => this.brum.controls.stopAll(), () => this.writer.note(`stopping the others (${flag})`));
      this.brum.bus.subscribe('process.transition', policy.onTransition);
    }
  }

  /** Runs to completion and resolves with the exit code brum should end with. */
  async run(): Promise<number> {
    const allDone = this.whenAllDone();
    await Promise.all(this.opts.defs.map((d) => this.brum.controls.start(d.id)));
    await allDone;
    await this.supervisor.settled();
    await this.brum.close();
    await this.writer.drained();
    const code = this.writer.readerGone ? EXIT_READER_GONE : exitCodeFor(this.opts.success ?? 'all', this.ended);
    if (this.opts.report) writeReport(this.opts.report, buildReport(this.store.getState(), this.startedAt, code));
    return code;
  }

  /** Graceful stop of everything (Ctrl-C). `run()` then resolves once all is down. */
  stopAll(): Promise<void> {
    return this.brum.controls.stopAll();
  }

  private whenAllDone(): Promise<void> {
    return new Promise((resolve) => {
      const unsubscribe = this.store.subscribe((next, prev) => {
        for (const id of next.order) {
          const now = next.processes[id];
          const before = prev.processes[id];
          if (now && now !== before && now.status !== before?.status) this.onStatus(now);
        }
        if (next.order.every((id) => isDone(next.processes[id]))) {
          unsubscribe();
          resolve();
        }
      });
    });
  }

  private onStatus(p: ProcessState): void {
    if (p.status === 'failed') {
      this.writer.note(`${p.name} failed: ${p.reason ?? 'unknown reason'}`);
    } else if (p.status === 'exited') {
      const how = p.signal ? `stopped (${p.signal})` : `exited with code ${p.exitCode ?? 0}`;
      this.writer.note(`${p.name} ${how}`);
    } else {
      return;
    }
    this.ended.push(p);
  }
}

function isDone(p: ProcessState | undefined): boolean {
  return p !== undefined && (p.status === 'exited' || p.status === 'failed');
}
