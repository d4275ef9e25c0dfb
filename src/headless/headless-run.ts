import type { Writable } from 'node:stream';
import { constants } from 'node:os';
import type { ProcessState } from '../state/process-state';
import { createBrumStore, type BrumStore } from '../state/store';
import type { Reaper } from '../runtime/reaper';
import { Supervisor } from '../runtime/supervisor';
import type { OutputSink, ProcessDef } from '../runtime/types';
import { fanout } from '../runtime/fanout-sink';
import { PrefixWriter } from './prefix-writer';

export interface HeadlessOptions {
  readonly defs: readonly ProcessDef[];
  readonly out: Writable;
  readonly color: boolean;
  readonly killOthers?: boolean;
  readonly killOthersOnFail?: boolean;
  readonly killTimeoutMs?: number;
  readonly reaper?: Reaper | null;
  /** More readers of the same lines (the log store); they see exactly what the writer sees. */
  readonly sinks?: readonly OutputSink[];
  readonly store?: BrumStore;
}

/** `brum run`: start everything, stream prefixed lines, and settle on one exit code when all are done. */
export class HeadlessRun {
  readonly store: BrumStore;
  readonly supervisor: Supervisor;
  readonly writer: PrefixWriter;
  private stoppingOthers = false;

  constructor(private readonly opts: HeadlessOptions) {
    this.store = opts.store ?? createBrumStore(opts.defs);
    this.writer = new PrefixWriter(
      opts.out,
      opts.defs.map((d) => d.name),
      opts.color,
    );
    this.supervisor = new Supervisor({
      store: this.store,
      defs: opts.defs,
      sink: fanout([this.writer, ...(opts.sinks ?? [])]),
      killTimeoutMs: opts.killTimeoutMs,
      color: opts.color,
      reaper: opts.reaper ?? null,
    });
    this.writer.setPressureControl({
      pause: () => this.supervisor.pauseOutput(),
      resume: () => this.supervisor.resumeOutput(),
    });
  }

  /** Runs to completion and resolves with the exit code brum should end with. */
  async run(): Promise<number> {
    const allDone = this.whenAllDone();
    await Promise.all(this.opts.defs.map((d) => this.supervisor.start(d.id)));
    await allDone;
    await this.supervisor.settled();
    await this.writer.drained();
    return exitCodeOf(Object.values(this.store.getState().processes));
  }

  /** Graceful stop of everything (Ctrl-C). `run()` then resolves once all is down. */
  stopAll(): Promise<void> {
    return this.supervisor.stopAll();
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
    const trigger = this.opts.killOthers || (this.opts.killOthersOnFail && p.status === 'failed');
    if (trigger && !this.stoppingOthers) {
      this.stoppingOthers = true;
      this.writer.note(`stopping the others (${this.opts.killOthers ? '--kill-others' : '--kill-others-on-fail'})`);
      void this.supervisor.stopAll();
    }
  }
}

function isDone(p: ProcessState | undefined): boolean {
  return p !== undefined && (p.status === 'exited' || p.status === 'failed');
}

/** 0 when all succeeded, else the code of the first process that failed (128+n for a signal). */
export function exitCodeOf(states: readonly ProcessState[]): number {
  const failed = states.filter((p) => p.status === 'failed').sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  const first = failed[0];
  if (!first) return 0;
  if (first.signal) {
    const n = (constants.signals as Record<string, number | undefined>)[first.signal];
    return 128 + (n ?? 0);
  }
  if (first.exitCode !== null) return first.exitCode;
  return first.reason?.startsWith('command not found') ? 127 : 1;
}
