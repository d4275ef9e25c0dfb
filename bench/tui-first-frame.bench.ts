// A real terminal (tmux, 120x40): from typing the command line into a ready shell until brum's process list is on
// screen. Typing into an already running shell keeps tmux's and the shell's own start-up out of the figure; a
// plain `echo` timed the same way shows what the terminal round trip itself costs.
// BENCH_BRUM_B=/path/to/other/bin/brum.js times that build too, in the same interleaved loop (A/B).
import { spawnSync } from 'node:child_process';
import { BIN, FIXTURE, POLL_METHOD, TmuxPane, listRows, median, passMiss, requireTmux, screenOf, timeUntil, waitExit, type LiveScreen } from './lib/tmux';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PROMPT = 'READY$ ';

/** Opens a pane with an interactive shell and waits for its prompt, so the next keys go to a shell that is ready. */
async function readyShell(): Promise<TmuxPane> {
  const pane = TmuxPane.open({ argv: ['sh'], cwd: FIXTURE, width: 120, height: 40, env: { PS1: PROMPT } });
  const ready = await timeUntil(pane, performance.now(), (s) => s.includes(PROMPT.trim()), 10_000, 10);
  if (ready === null) {
    pane.close();
    throw new Error('the shell never showed its prompt');
  }
  return pane;
}

/** Types `line` + Enter and times until `shown(screen)`; `after` then ends what was started. */
async function typed(line: string, shown: (screen: string) => boolean, after: (pane: TmuxPane, screen: LiveScreen) => Promise<void>): Promise<number | null> {
  const pane = await readyShell();
  const screen = await screenOf(pane);
  try {
    const t0 = performance.now();
    await screen.send(line, 'Enter');
    const ms = await timeUntil(screen, t0, shown, 10_000, 2);
    await after(pane, screen);
    return ms;
  } finally {
    screen.close();
    pane.close();
  }
}

function fmtRuns(xs: readonly (number | null)[]): string {
  return xs.map((x) => (x === null ? 'never' : x.toFixed(0))).join(', ');
}

requireTmux();
console.log(
  `Command line typed into a ready shell → first frame (the process list) on screen; median of ${RUNS} runs ` +
    `(screen read every ~2 ms, ${POLL_METHOD === 'control' ? 'through one tmux control client' : 'one tmux process per look'}).`,
);
const echo: (number | null)[] = [];
const brum: (number | null)[] = [];
const brumB: (number | null)[] = [];
const exits: (number | null)[] = [];
const BRUM_B = process.env.BENCH_BRUM_B;
const firstFrame = (bin: string): Promise<number | null> =>
  typed(`exec ${process.execPath} ${bin} -C ${FIXTURE}`, (s) => listRows(s).length > 0, async (pane, screen) => {
    await screen.send('q');
    exits.push(await waitExit(pane, 20_000));
  });
for (let i = 0; i < RUNS; i++) {
  echo.push(await typed('echo first-frame-baseline', (s) => /^first-frame-baseline$/m.test(s), async () => undefined));
  brum.push(await firstFrame(BIN));
  if (BRUM_B) brumB.push(await firstFrame(BRUM_B));
}
const ls: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, [BIN, '-C', FIXTURE, 'ls'], { stdio: 'ignore' });
  ls.push(performance.now() - t0);
}
const nodeOnly: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const t0 = performance.now();
  spawnSync(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  nodeOnly.push(performance.now() - t0);
}
const med = median(brum.map((x) => x ?? Infinity));
const base = median(echo.map((x) => x ?? Infinity));
console.log(`  brum first frame   median ${med.toFixed(0).padStart(4)} ms   runs: ${fmtRuns(brum)}   exit codes after q: ${exits.join(',')}`);
if (BRUM_B) console.log(`  brum-b (${BRUM_B})   median ${median(brumB.map((x) => x ?? Infinity)).toFixed(0)} ms   runs: ${fmtRuns(brumB)}`);
console.log(`  echo baseline      median ${base.toFixed(0).padStart(4)} ms   runs: ${fmtRuns(echo)}   (type → shown, no program start)`);
console.log(`  brum minus baseline       ${(med - base).toFixed(0).padStart(4)} ms`);
console.log(`  brum ls (wall, no TUI)    ${median(ls).toFixed(0).padStart(4)} ms   node -e 0: ${median(nodeOnly).toFixed(0)} ms`);
console.log(`  first frame ≤ 250 ms: ${passMiss(med <= 250)}`);
