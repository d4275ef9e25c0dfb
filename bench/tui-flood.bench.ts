// A real terminal (tmux, 120x40): from launching a flood script until its last line (`flood done: N lines`) is on
// screen, for brum, mprocs and the floor runner (bench/lib/floor-runner.mjs: pipe the command, print its last line;
// no UI) in the same run. Every runner runs the same package.json script through npm, as brum runs a script, so
// npm's start-up (≈ 0.25–0.5 s here) is in all three and drops out of brum − floor, the verdict.
// Variants: `demo` is examples/demo's flood (numbered lines); `plain` and `ansi` print those corpora (bench/corpora)
// from the fixture project bench/fixtures/flood.
//
// Env: BENCH_CORPORA=plain,ansi,demo (default: all three), BENCH_RUNS (default 3), BENCH_FLOOD_LINES (default 1M),
// BENCH_BRUM_B=/path/to/other/bin/brum.js adds that build as a fourth runner in the same interleaved loop (A/B).
import path from 'node:path';
import { printTable } from './lib/table';
import { BIN, DEMO, ROOT, POLL_METHOD, TmuxPane, TreeWatch, leftovers, median, mprocsBin, requireTmux, screenOf, selectedRow, timeUntil, waitExit } from './lib/tmux';

const LINES = Number(process.env.BENCH_FLOOD_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DONE = `flood done: ${LINES} lines`;
const DEADLINE_MS = 60_000;
const AIM_MS = 150;
const BAR_MS = 250;
const FIXTURE = path.join(ROOT, 'bench/fixtures/flood');

type Runner = 'brum' | 'brum-b' | 'mprocs' | 'floor';
const BRUM_B = process.env.BENCH_BRUM_B;

/** A Node script that only pipes the command and prints its last line: the reference for what any runner costs. */
const FLOOR = path.join(ROOT, 'bench/lib/floor-runner.mjs');

interface Variant {
  readonly name: string;
  readonly cwd: string;
  /** The package.json script; also the name brum's list gives the started process. */
  readonly script: string;
}

const ALL: readonly Variant[] = [
  { name: 'plain', cwd: FIXTURE, script: 'flood:plain' },
  { name: 'ansi', cwd: FIXTURE, script: 'flood:ansi' },
  { name: 'demo', cwd: DEMO, script: 'flood' },
];
const wanted = process.env.BENCH_CORPORA?.split(',').map((s) => s.trim());
const VARIANTS = wanted ? ALL.filter((v) => wanted.includes(v.name)) : ALL;

function argv(variant: Variant, runner: Runner): string[] {
  const npm = `npm run ${variant.script}`;
  if (runner === 'brum') return [process.execPath, BIN, '-C', variant.cwd, variant.script];
  if (runner === 'brum-b') return [process.execPath, BRUM_B ?? BIN, '-C', variant.cwd, variant.script];
  if (runner === 'mprocs') return [mprocsBin(), npm];
  return [process.execPath, FLOOR, npm];
}

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
  const pane = TmuxPane.open({ argv: argv(variant, runner), cwd: variant.cwd, width: 120, height: 40, env: { FLOOD_LINES: String(LINES) } });
  const tree = new TreeWatch(pane);
  const screen = await screenOf(pane);
  let polls = 0;
  let keyed = false;
  try {
    const ms = await timeUntil(screen, t0, (s) => s.includes(DONE), DEADLINE_MS, 5, (text) => {
      if (polls++ % 20 === 0) tree.sample();
      // brum should show the flood's log at once. If it shows another process's, do what a user would do:
      // select it (the last row) with G. This is counted in the time and reported.
      const selected = runner.startsWith('brum') && !keyed ? selectedRow(text) : undefined;
      if (selected && selected.name !== variant.script) {
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

function describe(runner: Runner, runs: readonly Run[]): number {
  const times = runs.map((r) => r.ms ?? Infinity);
  const each = times.map((t) => (Number.isFinite(t) ? `${(t / 1000).toFixed(2)} s` : `> ${DEADLINE_MS / 1000} s`)).join(', ');
  const exits = runs.map((r) => String(r.exit ?? 'none')).join(',');
  console.log(`  ${runner.padEnd(7)} runs: ${each}   exit codes: ${exits}   left after quitting: ${runs.map((r) => r.left.text).join('; ')}`);
  return median(times);
}

requireTmux();
console.log(
  `Launch → "${DONE}" visible in a 120x40 tmux pane (capture-pane every ~5 ms, ${POLL_METHOD === 'control' ? 'through one tmux control client' : 'one tmux process per look'}). ` +
    `Median of ${RUNS} runs each, interleaved; every runner runs the script through npm.`,
);
const rows: string[][] = [];
for (const variant of VARIANTS) {
  console.log(`\n${variant.name}: \`brum ${variant.script}\`, \`mprocs "npm run ${variant.script}"\`, floor "npm run ${variant.script}"`);
  const results: Record<Runner, Run[]> = { brum: [], 'brum-b': [], mprocs: [], floor: [] };
  const runners: readonly Runner[] = BRUM_B ? ['brum', 'brum-b', 'floor', 'mprocs'] : ['brum', 'floor', 'mprocs'];
  for (let i = 0; i < RUNS; i++) {
    for (const runner of runners) results[runner].push(await once(variant, runner));
  }
  const brum = describe('brum', results.brum);
  if (BRUM_B) console.log(`  brum-b (${BRUM_B}) − floor: ${(describe('brum-b', results['brum-b']) - median(results.floor.map((r) => r.ms ?? Infinity))).toFixed(0)} ms`);
  const floor = describe('floor', results.floor);
  const mprocs = describe('mprocs', results.mprocs);
  if (results.brum.some((r) => r.keyed)) {
    console.log(`  note: brum did not show the started process ${variant.script}; the bench pressed G to select it (TUI issue)`);
  }
  const over = brum - floor;
  const clean = [...results.brum, ...results['brum-b'], ...results.mprocs, ...results.floor].every((r) => r.left.clean);
  const verdict = over <= BAR_MS && clean ? `PASS${over <= AIM_MS ? ' (aim met)' : ''}` : `MISS${clean ? '' : ' (processes left)'}`;
  const secs = (ms: number): string => (Number.isFinite(ms) ? (ms / 1000).toFixed(2) : '—');
  rows.push([variant.name, secs(brum), secs(floor), secs(mprocs), (over).toFixed(0), (mprocs / brum).toFixed(1), clean ? 'none' : 'LEFT', verdict]);
}
console.log('');
printTable(['corpus', 'brum s', 'floor s', 'mprocs s', 'brum−floor ms', 'mprocs/brum', 'leftovers', 'verdict'], rows);
console.log(`verdict: brum − floor ≤ ${BAR_MS} ms (bar; aim ≤ ${AIM_MS} ms) and no process left behind by any runner.`);
