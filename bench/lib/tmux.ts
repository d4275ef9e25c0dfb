// Timing what a user sees: brum (or mprocs) in a real terminal (tmux), its screen polled with capture-pane. The
// pane driver is the end-to-end tests' own, so benchmarks and tests read the screen the same way.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { descendants, survivors } from '../../test/helpers/proc-tree';
import type { TmuxPane } from '../../test/helpers/tmux';
import { ControlClient } from './control-client';

export { listRows, requireTmux, selectedRow, TmuxPane } from '../../test/helpers/tmux';
export { descendants, isAlive, survivors } from '../../test/helpers/proc-tree';

export const ROOT = process.cwd();
export const BIN = path.join(ROOT, 'bin/brum.js');
export const DEMO = path.join(ROOT, 'examples/demo');
export const FIXTURE = path.join(ROOT, 'test/fixtures/proj');

/** The mprocs binary the npm package ships for this platform (its index.js resolves it). */
export function mprocsBin(): string {
  return createRequire(path.join(ROOT, 'package.json'))('mprocs') as string;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Something whose screen can be read: a pane (a tmux process per look) or a control-mode reader. */
export interface Screen {
  capture(): string | Promise<string>;
}

/** How the benches look at the screen: BENCH_POLL=exec forks `tmux capture-pane` per look (the old way). */
export const POLL_METHOD: 'control' | 'exec' = process.env.BENCH_POLL === 'exec' ? 'exec' : 'control';

/**
 * A reader for a pane's screen that costs the machine as little as possible per look: one long-lived tmux
 * control-mode client (see control-client.ts), unless BENCH_POLL=exec. Close it before closing the pane.
 */
export async function screenOf(pane: TmuxPane): Promise<LiveScreen> {
  if (POLL_METHOD === 'exec') return { capture: () => pane.capture(), send: async (...keys) => pane.send(...keys), close: () => undefined };
  const client = await ControlClient.open(pane.socket, pane.session);
  return {
    capture: () => client.capture(pane.session),
    // Keys through the same client, so a key costs no tmux process either. Each key is quoted for tmux's parser.
    send: async (...keys) => {
      await client.command(`send-keys -t ${pane.session} ${keys.map(quoteTmux).join(' ')}`);
    },
    close: () => client.close(),
  };
}

export interface LiveScreen extends Screen {
  capture(): Promise<string> | string;
  send(...keys: string[]): Promise<void>;
  close(): void;
}

function quoteTmux(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * Polls `check` (given a fresh screen each time) every `everyMs` until it is true; resolves with the ms since `t0`
 * at the poll that saw it, or null at the deadline. The figures are what a screen reader polling this fast would
 * see.
 */
export async function timeUntil(
  screen: Screen,
  t0: number,
  check: (screen: string) => boolean,
  deadlineMs: number,
  everyMs = 5,
  onPoll?: (screen: string) => void,
): Promise<number | null> {
  for (;;) {
    const text = await screen.capture();
    const at = performance.now() - t0;
    onPoll?.(text);
    if (check(text)) return at;
    if (at > deadlineMs) return null;
    await pause(everyMs);
  }
}

/** Waits for the program to end (its exit status) or the deadline (null). */
export async function waitExit(pane: TmuxPane, deadlineMs: number): Promise<number | null> {
  const end = performance.now() + deadlineMs;
  for (;;) {
    const code = pane.exitStatus();
    if (code !== null || performance.now() > end) return code;
    await pause(10);
  }
}

/** Every process seen below a pane's program so far (with its command line), so a benchmark can check none outlives it. */
export class TreeWatch {
  readonly seen = new Map<number, string>();
  constructor(private readonly pane: TmuxPane) {}
  sample(): void {
    try {
      for (const pid of descendants(this.pane.pid)) if (!this.seen.has(pid)) this.seen.set(pid, cmdline(pid));
    } catch {
      // The program has not been forked yet, or has gone: nothing to add.
    }
  }
  left(): number[] {
    return survivors([...this.seen.keys()]);
  }
  /** `pid (command line when first seen)` for each pid. */
  describe(pids: readonly number[]): string {
    return pids.length === 0 ? 'none' : pids.map((p) => `${p} (${this.seen.get(p) ?? cmdline(p)})`).join(', ');
  }
}

/**
 * What outlived the program: alive the moment it exited, and whether those went away by themselves within
 * `graceMs` (brum's reaper finishes its own exit just after brum's, by design) or stayed (a leak). Clean means
 * nothing was left once the grace had passed; the report line still names anything that was alive at exit.
 */
export async function leftovers(tree: TreeWatch, graceMs = 2000): Promise<{ clean: boolean; text: string }> {
  const atExit = tree.left();
  if (atExit.length === 0) return { clean: true, text: 'none' };
  const t0 = performance.now();
  while (survivors(atExit).length > 0 && performance.now() - t0 < graceMs) await pause(10);
  const still = survivors(atExit);
  return still.length === 0
    ? { clean: true, text: `${tree.describe(atExit)} still alive at exit, gone ${(performance.now() - t0).toFixed(0)} ms later` }
    : { clean: false, text: `${tree.describe(still)} still alive ${graceMs} ms after exit` };
}

/** The command line of a pid, for naming leftovers. */
export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
  } catch {
    return '?';
  }
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

/** The p-th percentile (0..100), nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

export function passMiss(ok: boolean): string {
  return ok ? 'PASS' : 'MISS';
}
