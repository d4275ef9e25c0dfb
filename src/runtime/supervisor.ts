import { statSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import { BlockSplitter } from '../logs/line-splitter';
import type { StreamName } from '../logs/log-entry';
import { isActive } from '../state/process-state';
import { dispatch, type BrumStore } from '../state/store';
import { KeyedQueue } from './keyed-queue';
import { groupAlive, signalGroup, waitGroupGone } from './process-group';
import type { Reaper } from './reaper';
import { spawnFailureReason } from './spawn-errors';
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
}

interface Run {
  readonly pgid: number;
  readonly streams: Readable[];
  /** Resolves when the leader exited and the exit was recorded in the store. */
  readonly exited: Promise<void>;
  /** Resolves when both pipes closed and the group is gone: nothing of this run is left. */
  readonly finished: Promise<void>;
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
  private readonly killTimeoutMs: number;

  constructor(private readonly opts: SupervisorOptions) {
    for (const def of opts.defs) this.defs.set(def.id, def);
    this.killTimeoutMs = opts.killTimeoutMs ?? DEFAULT_KILL_TIMEOUT_MS;
  }

  addDef(def: ProcessDef): void {
    this.defs.set(def.id, def);
  }

  start(id: string): Promise<void> {
    return this.queue.run(id, () => this.doStart(id, false));
  }

  stop(id: string): Promise<void> {
    return this.queue.run(id, () => this.doStop(id));
  }

  restart(id: string): Promise<void> {
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
    for (const pgid of this.liveGroups) signalGroup(pgid, 'SIGKILL');
  }

  /** Synchronous last resort for process.on('exit'). */
  killAllSync(): void {
    this.killAllNow();
  }

  activeCount(): number {
    let n = 0;
    for (const id of this.defs.keys()) if (isActive(this.status(id))) n++;
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
    if (isActive(this.status(id))) return;
    const store = this.opts.store;
    dispatch(store, id, { type: 'start', at: Date.now(), restart });

    if (!isDirectory(def.cwd)) {
      dispatch(store, id, { type: 'spawn-failed', reason: `working directory not found: ${def.cwd}`, at: Date.now() });
      return;
    }
    const env: Record<string, string> = { ...def.env };
    const baseEnv = this.opts.env ?? process.env;
    if (this.opts.color && baseEnv.FORCE_COLOR === undefined) env.FORCE_COLOR = '1';

    const common = {
      cwd: def.cwd,
      env: { ...baseEnv, ...env },
      extendEnv: false,
      buffer: false,
      reject: false,
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'pipe',
      // A group of its own, so one signal reaches the child and everything it started.
      detached: true,
      // We kill groups ourselves; execa's cleanup only knows the direct child.
      cleanup: false,
      windowsHide: true,
    } as const;
    let child;
    try {
      child =
        def.launch.kind === 'shell'
          ? execa(def.launch.command, { ...common, shell: true })
          : execa(def.launch.file, [...def.launch.args], common);
    } catch (error) {
      dispatch(store, id, { type: 'spawn-failed', reason: spawnFailureReason(error, def), at: Date.now() });
      return;
    }
    const spawnError = await new Promise<unknown>((resolve) => {
      child.once('spawn', () => resolve(null));
      child.once('error', (error) => resolve(error));
    });
    if (spawnError !== null || child.pid === undefined) {
      await child; // reject:false: resolves with the failure instead of throwing
      dispatch(store, id, { type: 'spawn-failed', reason: spawnFailureReason(spawnError, def), at: Date.now() });
      return;
    }

    const pgid = child.pid;
    this.liveGroups.add(pgid);
    this.opts.reaper?.register(pgid);
    dispatch(store, id, { type: 'spawned', pid: pgid, at: Date.now() });

    const streams: Readable[] = [];
    const closed: Promise<void>[] = [];
    for (const [name, stream] of [
      ['stdout', child.stdout],
      ['stderr', child.stderr],
    ] as const) {
      if (!stream) continue;
      streams.push(stream);
      closed.push(this.pipeLines(id, name, stream));
    }
    const streamsClosed = Promise.all(closed).then(() => undefined);
    const leaderExit = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }));
    });
    // Keep execa's own promise from being an unobserved rejection source; reject:false makes it resolve anyway.
    void child.then(
      () => undefined,
      () => undefined,
    );

    const exited = leaderExit.then(async ({ code, signal }) => {
      await Promise.race([streamsClosed, delay(STREAM_SETTLE_MS)]);
      dispatch(store, id, { type: 'exit', code, signal, at: Date.now() });
    });
    const finished = exited.then(async () => {
      // A process's lifetime is its group's: leftovers it started (a backgrounded server, say) go with it.
      await this.reapGroup(pgid);
      await streamsClosed;
    });
    this.runs.set(id, { pgid, streams, exited, finished });
    this.unfinished.add(finished);
    void finished.finally(() => this.unfinished.delete(finished));
    if (this.paused) for (const s of streams) s.pause();
  }

  private async doStop(id: string): Promise<void> {
    const run = this.runs.get(id);
    const status = this.status(id);
    if (!run || !isActive(status)) return;
    if (status !== 'stopping') dispatch(this.opts.store, id, { type: 'stop', at: Date.now() });
    await this.terminateGroup(run.pgid, run.exited);
    await run.exited;
  }

  /** SIGTERM the group, give it the grace period, then SIGKILL whatever is left of it. */
  private async terminateGroup(pgid: number, leaderExited: Promise<void>): Promise<void> {
    if (!signalGroup(pgid, 'SIGTERM')) return;
    const deadline = Date.now() + this.killTimeoutMs;
    await Promise.race([leaderExited, delay(this.killTimeoutMs)]);
    const gone = await waitGroupGone(pgid, Math.max(0, deadline - Date.now()));
    if (!gone) {
      signalGroup(pgid, 'SIGKILL');
      await waitGroupGone(pgid, 2000);
    }
  }

  private async reapGroup(pgid: number): Promise<void> {
    if (groupAlive(pgid)) await this.terminateGroup(pgid, Promise.resolve());
    this.liveGroups.delete(pgid);
    this.opts.reaper?.unregister(pgid);
  }

  private pipeLines(id: string, name: StreamName, stream: Readable): Promise<void> {
    const sink = this.opts.sink;
    const splitter = new BlockSplitter((block) => sink.block(id, name, block));
    return new Promise<void>((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        splitter.end();
        sink.streamEnded?.(id, name);
        resolve();
      };
      stream.on('data', (chunk: Buffer) => splitter.push(chunk));
      stream.once('end', finish);
      stream.once('close', finish);
      stream.once('error', finish);
    });
  }
}

function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
