// A real terminal (tmux, 120x40): brum with five quiet processes running and nobody typing. How much CPU does
// brum itself use, and how much does it write to the terminal? mprocs with the same five commands, for scale.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, FIXTURE, TmuxPane, TreeWatch, leftovers, listRows, mprocsBin, passMiss, requireTmux, timeUntil, waitExit } from './lib/tmux';

const WINDOW_MS = Number(process.env.BENCH_IDLE_MS ?? 10_000);
const NAMES = ['q1', 'q2', 'q3', 'q4', 'q5'];
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are 12 and 13 after the command name.
  return (Number(f[11]) + Number(f[12])) / TICKS;
}

/**
 * Write system calls so far, of every kind: the terminal's, but also the eventfd wake-ups of V8's background
 * tasks (its memory reducer collects a few seconds after start-up), which is why the terminal's own bytes are
 * counted separately, through tmux.
 */
function writeCalls(pid: number): number {
  const io = readFileSync(`/proc/${pid}/io`, 'utf8');
  return Number(/^syscw: (\d+)/m.exec(io)?.[1] ?? NaN);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until the process has used no CPU for `quietMs` (start-up over), up to `deadlineMs`. */
async function settle(pid: number, quietMs: number, deadlineMs: number): Promise<void> {
  const end = performance.now() + deadlineMs;
  let last = cpuSeconds(pid);
  while (performance.now() < end) {
    await pause(quietMs);
    const now = cpuSeconds(pid);
    if (now - last < 1 / TICKS / 2) return;
    last = now;
  }
}

interface Window {
  readonly cpuPct: number;
  /** Bytes the terminal received during the window (tmux pipe-pane). */
  readonly bytes: number;
  readonly calls: number;
  readonly tmuxPct: number;
}

interface Idle {
  /** Two windows back to back: the first starts once start-up has settled, the second is the steady state. */
  readonly windows: readonly [Window, Window];
  readonly left: { readonly clean: boolean; readonly text: string };
}

/** One window of leaving the TUI alone: nothing to poll for, the point is not to disturb it. */
async function window(pane: TmuxPane, pid: number): Promise<Window> {
  const cpu0 = cpuSeconds(pid);
  const tmux0 = cpuSeconds(pane.serverPid);
  const w0 = writeCalls(pid);
  const screenLog = path.join(os.tmpdir(), `brum-idle-screen-${process.pid}-${pid}`);
  pane.pipeOutput(screenLog);
  await pause(WINDOW_MS);
  const cpu = cpuSeconds(pid) - cpu0;
  const tmux = cpuSeconds(pane.serverPid) - tmux0;
  const calls = writeCalls(pid) - w0;
  pane.pipeOutput(null);
  const bytes = sizeOf(screenLog);
  rmSync(screenLog, { force: true });
  const s = WINDOW_MS / 1000;
  return { cpuPct: (cpu / s) * 100, bytes, calls, tmuxPct: (tmux / s) * 100 };
}

async function measure(argv: string[], cwd: string, running: (screen: string) => boolean): Promise<Idle> {
  const pane = TmuxPane.open({ argv, cwd, width: 120, height: 40 });
  const tree = new TreeWatch(pane);
  try {
    const up = await timeUntil(pane, performance.now(), running, 20_000, 50);
    if (up === null) throw new Error(`the five processes never all ran:\n${pane.capture()}`);
    tree.sample();
    const pid = pane.pid;
    await settle(pid, 500, 5000);
    const first = await window(pane, pid);
    const second = await window(pane, pid);
    tree.sample();
    pane.send('q');
    if ((await waitExit(pane, 20_000)) === null) {
      pane.send('y'); // mprocs asks before quitting while processes run
      await waitExit(pane, 20_000);
    }
    return { windows: [first, second], left: await leftovers(tree) };
  } finally {
    pane.close();
  }
}

function show(name: string, r: Idle): void {
  r.windows.forEach((w, i) => {
    console.log(
      `  ${(i === 0 ? name : '').padEnd(7)} ${i === 0 ? 'first' : 'next '} ${WINDOW_MS / 1000} s: CPU ${w.cpuPct.toFixed(2).padStart(5)} %   ` +
        `bytes to the terminal ${w.bytes}   write calls (all kinds) ${w.calls}   tmux server CPU ${w.tmuxPct.toFixed(2)} %`,
    );
  });
  console.log(`          left after quitting: ${r.left.text}`);
}

requireTmux();
const dir = path.join(os.tmpdir(), `brum-idle-${process.pid}`);
mkdirSync(dir, { recursive: true });
const quiet = path.join(FIXTURE, 'quiet.mjs');
writeFileSync(
  path.join(dir, 'package.json'),
  JSON.stringify({ name: 'idle', private: true, scripts: Object.fromEntries(NAMES.map((n) => [n, `node ${JSON.stringify(quiet)}`])) }),
);
try {
  console.log(`Five quiet running processes, nobody typing: CPU over ${WINDOW_MS / 1000} s once start-up has settled (CLK_TCK ${TICKS}).`);
  const brum = await measure([process.execPath, BIN, '-C', dir, ...NAMES], dir, (s) => {
    const rows = listRows(s);
    return NAMES.every((n) => rows.some((r) => r.name === n && r.icon === '●'));
  });
  show('brum', brum);
  const mprocs = await measure([mprocsBin(), '--names', NAMES.join(','), ...NAMES.map((n) => `npm run ${n}`)], dir, (s) => (s.match(/ UP\b/g) ?? []).length >= 5);
  show('mprocs', mprocs);
  console.log(`  brum ≤ 1 % in both windows: ${passMiss(brum.windows.every((w) => w.cpuPct <= 1))}`);
  // The uptime column changes once a minute, so only windows that end before then can expect silence.
  const silent = WINDOW_MS * 2 <= 40_000 ? passMiss(brum.windows.every((w) => w.bytes === 0)) : 'not checked (windows this long see the uptime tick over)';
  console.log(`  brum draws nothing while idle (no render loop): ${silent}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
