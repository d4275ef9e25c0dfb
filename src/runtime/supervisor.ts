import type { Readable } from 'node:stream';
import { BlockSplitter } from '../logs/line-splitter';
import type { StreamName } from '../logs/log-entry';
import { isActive, isPending } from '../state/process-state';
import { dispatch, type BrumStore } from '../state/store';
import { readChunks } from './chunk-reader';
import { readEnvFiles } from './env-files';
import { KeyedQueue } from './keyed-queue';
import { REAL_CLOCK, type Clock, type ProcessPort } from './process-port';
import { ReadinessWatch, type LogCheckFactory } from './readiness-watch';
import type { Reaper } from './reaper';
import { REAL_SPAWNER } from './real-spawner';
import { RestartScheduler } from './restart-scheduler';
import type { OutputSink, ProcessDef } from './types';

export const DEFAULT_KILL_TIMEOUT_MS = 5000;
/** How long a leader's exit may wait for its pipes to drain before the state says it exited. */
const STREAM_SETTLE_MS = 200;

export interface SupervisorOptions {
  readonly store: BrumStore;
  readonly defs: readonly ProcessDef[];
  readonly sink: OutputSink;
  readonly killTimeoutMs?: number;
  /** Whether brum's own output has colour; children then get FORCE_COLOR so they keep theirs. */
  readonly color?: boolean;
  readonly reaper?: Reaper | null;
  readonly env?: NodeJS.ProcessEnv;
  /** How children are started and signalled (default: the operating system; specs pass a fake). */
  readonly port?: ProcessPort;
  readonly clock?: Clock;
  /** How a `log` readiness probe sees the process's new lines (brum passes one that reads the LogStore). */
  readonly logCheck?: LogCheckFactory;
  /** The jitter source of restart delays (specs pass a fixed one). */
  readonly random?: () => number;
}

/** How a start came about: the user's (or a dependent's) start, a restart, or the restart policy after a crash. */
export interface StartOptions {
  readonly restart?: boolean;
  readonly byPolicy?: boolean;
}

interface Run {
  readonly pgid: number;
  readonly streams: Readable[];
  /** Resolves when the leader exited and the exit was recorded in the store. */
  readonly exited: Promise<void>;
  /** Resolves when both pipes closed and the group is gone: nothing of this run is left. */
  readonly finished: Promise<void>;
  /** Ends this run's readiness check, if one is still going. */
  readonly endProbe: () => void;
}

/** Owns every child process group brum starts; the only code that spawns or signals. */
export class Supervisor {
  private readonly queue = new KeyedQueue();
  private readonly runs = new Map<string, Run>();
  /** Every run not yet fully finished, including ones a restart has already replaced in `runs`. */
  private readonly unfinished = new Set<Promise<void>>();
  private readonly defs = new Map<string, ProcessDef>();
  /** Groups that may still have members: the exit handler and the reaper kill exactly these, nothing else. */
  private readonly liveGroups = new Set<number>();
  private paused = false;
  /** Groups a stop is taking down, with what ends when it is done. */
  private readonly stopping = new Map<number, Promise<void>>();
  private readonly killTimeoutMs: number;
  private readonly port: ProcessPort;
  private readonly clock: Clock;
  private readonly restarts: RestartScheduler;
  private readonly readiness: ReadinessWatch;

  constructor(private readonly opts: SupervisorOptions) {
    for (const def of opts.defs) this.defs.set(def.id, def);
    this.killTimeoutMs = opts.killTimeoutMs ?? DEFAULT_KILL_TIMEOUT_MS;
    this.port = opts.port ?? REAL_SPAWNER;
    this.clock = opts.clock ?? REAL_CLOCK;
    this.restarts = new RestartScheduler(this.clock, (id) => void this.start(id, { restart: true, byPolicy: true }), opts.random);
    this.readiness = new ReadinessWatch(opts.store, this.clock, opts.logCheck);
  }

  /** The definition brum runs `id` with now. */
  def(id: string): ProcessDef | undefined {
    return this.defs.get(id);
  }

  /** Every definition, in the order they were added. */
  allDefs(): ProcessDef[] {
    return [...this.defs.values()];
  }

  /** Adds a definition, or replaces one: a running process keeps running as it is; the next start uses this. */
  setDef(def: ProcessDef): void {
    this.defs.set(def.id, def);
  }

  /** Stops the process (cancelling what was queued for it) and forgets its definition. */
  async removeDef(id: string): Promise<void> {
    await this.stop(id);
    this.defs.delete(id);
  }

  start(id: string, how: StartOptions = {}): Promise<void> {
    if (how.byPolicy !== true) this.restarts.forget(id);
    return this.queue.run(id, () => this.doStart(id, how.restart === true));
  }

  /** A stop cancels whatever is still queued for the process (a restart asked for before it, say). */
  stop(id: string): Promise<void> {
    this.queue.cancelPending(id);
    return this.queue.run(id, () => this.doStop(id));
  }

  restart(id: string): Promise<void> {
    this.restarts.forget(id);
    return this.queue.run(id, async () => {
      const wasActive = isActive(this.status(id));
      await this.doStop(id);
      await this.doStart(id, wasActive || this.status(id) !== 'idle');
    });
  }

  stopAll(): Promise<void> {
    return Promise.all([...this.defs.keys()].map((id) => this.stop(id))).then(() => undefined);
  }

  /** Bypasses the queue on purpose: a second Ctrl-C must not wait behind a graceful stop in progress. */
  killAllNow(): void {
    for (const pgid of this.liveGroups) this.port.signal(pgid, 'SIGKILL');
  }

  /** Synchronous last resort for process.on('exit'). */
  killAllSync(): void {
    this.killAllNow();
  }

  activeCount(): number {
    let n = 0;
    // Waiting and restarting count: either would start a process later unless it is called off.
    for (const id of this.defs.keys()) if (isPending(this.status(id))) n++;
    return n;
  }

  /** Backpressure: stop reading children's pipes, so they block on write instead of us buffering without limit. */
  pauseOutput(): void {
    if (this.paused) return;
    this.paused = true;
    for (const run of this.runs.values()) for (const s of run.streams) s.pause();
  }

  resumeOutput(): void {
    if (!this.paused) return;
    this.paused = false;
    for (const run of this.runs.values()) for (const s of run.streams) s.resume();
  }

  /** Resolves when no operation is queued and every run has fully finished (pipes closed, group gone). */
  async settled(): Promise<void> {
    await this.queue.idle();
    while (this.unfinished.size > 0) await Promise.all([...this.unfinished]);
  }

  liveGroupIds(): readonly number[] {
    return [...this.liveGroups];
  }

  private status(id: string) {
    const state = this.opts.store.getState().processes[id];
    if (!state) throw new Error(`unknown process "${id}"`);
    return state.status;
  }

  private async doStart(id: string, restart: boolean): Promise<void> {
    const def = this.defs.get(id);
    if (!def) throw new Error(`unknown process "${id}"`);
    const before = this.status(id);
    if (isActive(before)) return;
    // Started early by the user, or by the timer itself: either way no other restart is due.
    this.restarts.cancel(id);
    const store = this.opts.store;
    dispatch(store, id, { type: 'start', at: this.clock.now(), restart: restart || before === 'restarting' });
    const baseEnv = this.opts.env ?? process.env;
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(baseEnv)) if (v !== undefined) env[k] = v;
    const files = readEnvFiles(def.envFiles ?? []);
    if (!files.ok) {
      dispatch(store, id, { type: 'spawn-failed', reason: files.reason, at: this.clock.now() });
      return;
    }
    Object.assign(env, files.env, def.env);
    if (this.opts.color && baseEnv.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';
    // The reaper hears of the group as soon as it exists: brum killed -9 a moment later must not leave it behind.
    let registered: number | null = null;
    const started = await this.port.spawn(def, env, (pid) => {
      registered = pid;
      this.opts.reaper?.register(pid);
    });
    if (!started.ok) {
      if (registered !== null) this.opts.reaper?.unregister(registered);
      dispatch(store, id, { type: 'spawn-failed', reason: started.reason, at: this.clock.now() });
      return;
    }
    const child = started.child;
    const pgid = child.pid;
    this.liveGroups.add(pgid);
    if (registered !== pgid) this.opts.reaper?.register(pgid);
    const spawnedAt = this.clock.now();
    dispatch(store, id, { type: 'spawned', pid: pgid, at: spawnedAt, probe: this.readiness.describe(def) });
    const endProbe = this.readiness.watch(id, def, env);

    const streams = child.streams.map(([, stream]) => stream);
    const closed = child.streams.map(([name, stream]) => this.pipeLines(id, name, stream));
    const streamsClosed = Promise.all(closed).then(() => undefined);
    const exited = child.exit.then(async ({ code, signal }) => {
      endProbe();
      await Promise.race([streamsClosed, this.clock.delay(STREAM_SETTLE_MS)]);
      this.recordExit(def, code, signal, spawnedAt);
    });
    const finished = exited.then(async () => {
      // A process's lifetime is its group's: leftovers it started (a backgrounded server, say) go with it.
      await this.reapGroup(pgid, def);
      await streamsClosed;
    });
    this.runs.set(id, { pgid, streams, exited, finished, endProbe });
    this.unfinished.add(finished);
    void finished.finally(() => this.unfinished.delete(finished));
    if (this.paused) for (const s of streams) s.pause();
  }

  /** An exit is recorded with what the restart policy makes of it, when brum did not ask for it. */
  private recordExit(def: ProcessDef, code: number | null, signal: string | null, spawnedAt: number): void {
    const at = this.clock.now();
    const store = this.opts.store;
    if (this.status(def.id) === 'stopping') {
      dispatch(store, def.id, { type: 'exit', code, signal, at });
      return;
    }
    const decision = this.restarts.decide(def.id, def.restart, { code, signal }, at - spawnedAt);
    if (decision.restart) {
      const max = def.restart?.maxRestarts ?? null;
      dispatch(store, def.id, { type: 'exit', code, signal, at, restart: { delayMs: decision.delayMs, attempt: decision.attempt, max } });
      this.restarts.schedule(def.id, decision.delayMs);
      return;
    }
    dispatch(store, def.id, { type: 'exit', code, signal, at, ...(decision.reason !== null ? { gaveUp: decision.reason } : {}) });
  }

  private async doStop(id: string): Promise<void> {
    const run = this.runs.get(id);
    const status = this.status(id);
    if (status === 'waiting' || status === 'restarting') {
      this.restarts.cancel(id);
      dispatch(this.opts.store, id, { type: 'cancel', at: this.clock.now() });
      return;
    }
    if (!run || !isActive(status)) return;
    if (status !== 'stopping') dispatch(this.opts.store, id, { type: 'stop', at: this.clock.now() });
    run.endProbe();
    const stop = this.defs.get(id)?.stop;
    const terminated = this.terminateGroup(run.pgid, run.exited, stop?.signal ?? 'SIGTERM', stop?.timeoutMs ?? this.killTimeoutMs);
    this.stopping.set(run.pgid, terminated);
    try {
      await terminated;
      await run.exited;
    } finally {
      this.stopping.delete(run.pgid);
    }
  }

  /** Signal the group (SIGTERM unless the definition says otherwise), give it the grace period, then SIGKILL what is left. */
  private async terminateGroup(pgid: number, leaderExited: Promise<void>, signal: NodeJS.Signals = 'SIGTERM', graceMs = this.killTimeoutMs): Promise<void> {
    if (!this.port.signal(pgid, signal)) return;
    const deadline = this.clock.now() + graceMs;
    await Promise.race([leaderExited, this.clock.delay(graceMs)]);
    const gone = await this.port.waitGone(pgid, Math.max(0, deadline - this.clock.now()));
    if (!gone) {
      this.port.signal(pgid, 'SIGKILL');
      await this.port.waitGone(pgid, 2000);
    }
  }

  /**
   * After the leader's exit, whatever is left of its group goes too. A stop already in progress owns that (its
   * signal went out, its grace period runs): signalling again would hit a service that is still shutting down
   * behind a shell that died at once (`sh -c` does not exec), and many take a second signal as "quit now".
   */
  private async reapGroup(pgid: number, def: ProcessDef): Promise<void> {
    const stopping = this.stopping.get(pgid);
    if (stopping !== undefined) await stopping;
    else if (this.port.alive(pgid)) await this.terminateGroup(pgid, Promise.resolve(), def.stop?.signal ?? 'SIGTERM', def.stop?.timeoutMs ?? this.killTimeoutMs);
    this.liveGroups.delete(pgid);
    this.opts.reaper?.unregister(pgid);
  }

  private pipeLines(id: string, name: StreamName, stream: Readable): Promise<void> {
    const sink = this.opts.sink;
    const splitter = new BlockSplitter((block) => sink.block(id, name, block), undefined, undefined, undefined, () => sink.wantsUrls?.(id) ?? false);
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        splitter.end();
        sink.streamEnded?.(id, name);
        resolve();
      };
      readChunks(stream, (chunk, transient) => splitter.push(chunk, transient));
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', finish);
    });
  }
}
