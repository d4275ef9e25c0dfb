// A real terminal (tmux, 120x40): from launching `brum flood` until the flood's last line is on screen, against
// mprocs running the same command line in the same run. Both run `npm run flood` in examples/demo, as brum runs
// a package.json script through its package manager. A second round runs `node scripts/flood.mjs` directly in
// both (brum via --cmd), which takes npm's start-up (≈ 0.25–0.5 s here) out of both figures.
import path from 'node:path';
import { BIN, DEMO, ROOT, POLL_METHOD, TmuxPane, TreeWatch, leftovers, median, mprocsBin, passMiss, requireTmux, screenOf, selectedRow, timeUntil, waitExit } from './lib/tmux';

const LINES = Number(process.env.BENCH_FLOOD_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DONE = `flood done: ${LINES} lines`;
const DEADLINE_MS = 60_000;

type Runner = 'brum' | 'mprocs' | 'floor';

/** A Node script that only pipes the command and prints its last line: the reference for what any runner costs. */
const FLOOR = path.join(ROOT, 'bench/lib/floor-runner.mjs');

interface Variant {
  readonly label: string;
  readonly argv: (runner: Exclude<Runner, 'floor'>) => string[];
  /** The command line both runners end up running, for the floor runner. */
  readonly command: string;
  /** The name brum's list gives the started process. */
  readonly proc: string;
}

const DIRECT = 'node scripts/flood.mjs';
const VARIANTS: readonly Variant[] = [
  {
    label: '`brum flood` vs `mprocs "npm run flood"`',
    argv: (r) => (r === 'brum' ? [process.execPath, BIN, '-C', DEMO, 'flood'] : [mprocsBin(), 'npm run flood']),
    command: 'npm run flood',
    proc: 'flood',
  },
  {
    label: `\`brum --cmd "${DIRECT}"\` vs \`mprocs "${DIRECT}"\` (no npm)`,
    argv: (r) => (r === 'brum' ? [process.execPath, BIN, '-C', DEMO, '--cmd', DIRECT] : [mprocsBin(), DIRECT]),
    command: DIRECT,
    proc: 'node',
  },
];

interface Run {
  /** Launch → the last line on screen, or null if it never showed before the deadline. */
  readonly ms: number | null;
  /** brum only: the started process was not selected, so a key had to select it (a TUI issue when true). */
  readonly keyed: boolean;
  readonly exit: number | null;
  readonly left: { readonly clean: boolean; readonly text: string };
}

async function once(variant: Variant, runner: Runner): Promise<Run> {
  const t0 = performance.now();
  const argv = runner === 'floor' ? [process.execPath, FLOOR, variant.command] : variant.argv(runner);
  const pane = TmuxPane.open({ argv, cwd: DEMO, width: 120, height: 40, env: { FLOOD_LINES: String(LINES) } });
  const tree = new TreeWatch(pane);
  const screen = await screenOf(pane);
  let polls = 0;
  let keyed = false;
  try {
    const ms = await timeUntil(screen, t0, (s) => s.includes(DONE), DEADLINE_MS, 5, (text) => {
      if (polls++ % 20 === 0) tree.sample();
      // `brum flood` should show flood's log at once. If it shows another process's, do what a user would do:
      // select it (the last row) with G. This is counted in the time and reported.
      const selected = runner === 'brum' && !keyed ? selectedRow(text) : undefined;
      if (selected && selected.name !== variant.proc) {
        keyed = true;
        void screen.send('G');
      }
    });
    tree.sample();
    pane.send('q');
    let exit = await waitExit(pane, 20_000);
    // mprocs asks before quitting while something still runs; answer it rather than leave it.
    if (exit === null && runner === 'mprocs') {
      pane.send('y');
      exit = await waitExit(pane, 10_000);
    }
    return { ms, keyed, exit, left: await leftovers(tree) };
  } finally {
    screen.close();
    pane.close();
  }
}

function show(runner: Runner, runs: readonly Run[]): number {
  const times = runs.map((r) => r.ms ?? Infinity);
  const med = median(times);
  const each = times.map((t) => (Number.isFinite(t) ? `${(t / 1000).toFixed(2)} s` : `> ${DEADLINE_MS / 1000} s`)).join(', ');
  const exits = runs.map((r) => String(r.exit ?? 'none')).join(',');
  console.log(`  ${runner.padEnd(7)} median ${(med / 1000).toFixed(2).padStart(6)} s   runs: ${each}   exit codes: ${exits}`);
  console.log(`          processes left after quitting: ${runs.map((r) => r.left.text).join('; ')}`);
  return med;
}

requireTmux();
console.log(
  `Launch → "${DONE}" visible in a 120x40 tmux pane (capture-pane every ~5 ms, ${POLL_METHOD === 'control' ? 'through one tmux control client' : 'one tmux process per look'}). ` +
    `Median of ${RUNS} runs each, interleaved.`,
);
for (const variant of VARIANTS) {
  console.log(`\n${variant.label}:`);
  const results: Record<Runner, Run[]> = { brum: [], mprocs: [], floor: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const runner of ['brum', 'mprocs', 'floor'] as const) results[runner].push(await once(variant, runner));
  }
  const brum = show('brum', results.brum);
  const mprocs = show('mprocs', results.mprocs);
  const floor = show('floor', results.floor);
  if (results.brum.some((r) => r.keyed)) {
    console.log(`  note: brum did not show the started process ${variant.proc}; the bench pressed G to select it (TUI issue)`);
  }
  const ratio = mprocs / brum;
  const clean = [...results.brum, ...results.mprocs, ...results.floor].every((r) => r.left.clean);
  console.log(`  brum ≤ 1.0 s: ${passMiss(brum <= 1000)}`);
  console.log(`  mprocs/brum ${ratio.toFixed(1)}× (bar ≥ 10×): ${passMiss(ratio >= 10)}`);
  console.log(`  nothing left behind: ${passMiss(clean)}`);
  console.log(
    `  for reference: the floor runner (no UI: pipe, print the last line) ${(floor / 1000).toFixed(2)} s; ` +
      `mprocs/floor ${(mprocs / floor).toFixed(1)}×; brum takes ${((brum - floor) / 1000).toFixed(2)} s more than the floor`,
  );
}
