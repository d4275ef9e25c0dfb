// A ProcessPort and a Clock with no real process or timer behind them, for policy and supervisor specs: each
// spawn makes a fake child whose output and end the spec drives (write, exit), and signals end it at once unless
// it was told to ignore them.
import { PassThrough } from 'node:stream';
import type { Clock, ProcessPort, SpawnResult } from '../../src/runtime/process-port';
import type { ProcessDef } from '../../src/runtime/types';

export interface FakeChild {
  readonly def: ProcessDef;
  readonly pid: number;
  readonly stdout: PassThrough;
  readonly stderr: PassThrough;
  alive: boolean;
  /** When true, SIGTERM is ignored (only SIGKILL ends it). */
  ignoreTerm: boolean;
  readonly signals: string[];
  /** Ends the child as if it exited by itself. */
  exit(code: number | null, signal?: string | null): void;
}

export class FakePort implements ProcessPort {
  readonly children: FakeChild[] = [];
  /** Spawns that fail, by process id, with this reason. */
  readonly failures = new Map<string, string>();
  private nextPid = 1000;

  spawn(def: ProcessDef): Promise<SpawnResult> {
    const reason = this.failures.get(def.id);
    if (reason !== undefined) return Promise.resolve({ ok: false, reason });
    let resolveExit: (v: { code: number | null; signal: string | null }) => void = () => undefined;
    const exit = new Promise<{ code: number | null; signal: string | null }>((resolve) => (resolveExit = resolve));
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const child: FakeChild = {
      def,
      pid: this.nextPid++,
      stdout,
      stderr,
      alive: true,
      ignoreTerm: false,
      signals: [],
      exit(code, signal = null) {
        if (!child.alive) return;
        child.alive = false;
        stdout.end();
        stderr.end();
        resolveExit({ code, signal });
      },
    };
    this.children.push(child);
    return Promise.resolve({ ok: true, child: { pid: child.pid, streams: [['stdout', stdout], ['stderr', stderr]], exit } });
  }

  signal(pgid: number, signal: NodeJS.Signals): boolean {
    const child = this.children.find((c) => c.pid === pgid && c.alive);
    if (child === undefined) return false;
    child.signals.push(signal);
    if (signal === 'SIGKILL' || !child.ignoreTerm) child.exit(null, signal);
    return true;
  }

  alive(pgid: number): boolean {
    return this.children.some((c) => c.pid === pgid && c.alive);
  }

  waitGone(pgid: number): Promise<boolean> {
    return Promise.resolve(!this.alive(pgid));
  }

  /** The newest child of process `id`. */
  last(id: string): FakeChild {
    const found = this.children.filter((c) => c.def.id === id).at(-1);
    if (found === undefined) throw new Error(`no child of ${id} was spawned`);
    return found;
  }
}

/** Time that only moves when the spec says; `delay` resolves when `advance` passes its deadline. */
export class FakeClock implements Clock {
  private time = 0;
  private readonly timers: Array<{ at: number; resolve: () => void }> = [];

  now(): number {
    return this.time;
  }

  delay(ms: number): Promise<void> {
    return new Promise((resolve) => this.timers.push({ at: this.time + ms, resolve }));
  }

  advance(ms: number): void {
    this.time += ms;
    for (const t of this.timers.splice(0)) {
      if (t.at <= this.time) t.resolve();
      else this.timers.push(t);
    }
  }
}
