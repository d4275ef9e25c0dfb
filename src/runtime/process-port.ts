import type { Readable } from 'node:stream';
import type { StreamName } from '../logs/log-entry';
import type { ProcessDef } from './types';

/** A child that started: the leader's pid (also its group id), its output streams, and how it ended. */
export interface SpawnedChild {
  readonly pid: number;
  readonly streams: ReadonlyArray<readonly [StreamName, Readable]>;
  /** Resolves once, when the leader exits. */
  readonly exit: Promise<{ readonly code: number | null; readonly signal: string | null }>;
}

/** The part of a definition a spawn needs: how to launch it, where, and what to name in an error. */
export type SpawnSpec = Pick<ProcessDef, 'id' | 'name' | 'command' | 'cwd' | 'launch'>;

export type SpawnResult = { readonly ok: true; readonly child: SpawnedChild } | { readonly ok: false; readonly reason: string };

/**
 * Everything the Supervisor does to the operating system, behind one port: start a child in a group of its own,
 * signal a group, ask whether it is alive, wait for it to be gone. The real one (real-spawner.ts) keeps every
 * guarantee (groups, no signal to a group brum did not start); a fake one lets policies and the supervisor's own
 * logic be specified without spawning anything.
 */
export interface ProcessPort {
  /**
   * Starts `def` with exactly `env`; resolves when it is running or has failed to start. `onPid` is called the
   * moment the child's pid (its group id) exists, before this resolves: a safety net that must hear of every group
   * (the reaper) cannot wait for the spawn to settle, as brum may be killed in between.
   */
  spawn(def: ProcessDef, env: Readonly<Record<string, string>>, onPid?: (pid: number) => void): Promise<SpawnResult>;
  /** Signals the whole group; false when it no longer exists. Never throws. */
  signal(pgid: number, signal: NodeJS.Signals): boolean;
  /** True while any live member of the group remains. */
  alive(pgid: number): boolean;
  /** Resolves true once the group is gone, false when `timeoutMs` passed first. */
  waitGone(pgid: number, timeoutMs: number): Promise<boolean>;
}

/** Time as the Supervisor sees it, injectable so a spec can run grace periods without waiting them out. */
export interface Clock {
  now(): number;
  delay(ms: number): Promise<void>;
}

export const REAL_CLOCK: Clock = {
  now: () => Date.now(),
  delay: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
