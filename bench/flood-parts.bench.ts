// The TUI flood again (see tui-flood.bench.ts), split into its parts and compared run by run: this machine's
// speed drifts so much that the medians of separate runners move by 150 ms between runs of one build, while the
// difference within one round (brum, then the others, back to back) holds still. The corpus generator records
// its own run (bench/corpora/timed-gen.mjs), so each run splits into launch → the generator's start, the
// generator's run, and its end → the last line on screen, with the runner's CPU during the run and how long the
// generator's writes waited for its reader. The floor is bench/lib/floor-runner.mjs.
//
// Env: BENCH_CORPORA=plain,ansi (default both), BENCH_RUNS (default 5), BENCH_FLOOD_LINES (default 1M),
// BENCH_BRUM_B=/path/to/other/bin/brum.js adds that build to each round, for an A/B.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printTable } from './lib/table';
import { BIN, ROOT, TmuxPane, TreeWatch, leftovers, median, requireTmux, screenOf, timeUntil, waitExit } from './lib/tmux';

const LINES = Number(process.env.BENCH_FLOOD_LINES ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DONE = `flood done: ${LINES} lines`;
const FIXTURE = path.join(ROOT, 'bench/fixtures/flood');
const FLOOR = path.join(ROOT, 'bench/lib/floor-runner.mjs');
const BRUM_B = process.env.BENCH_BRUM_B;
const CORPORA = (process.env.BENCH_CORPORA ?? 'plain,ansi').split(',').map((s) => s.trim());

type Runner = 'brum' | 'brum-b' | 'floor';

interface Parts {
  /** Launch → the generator's first statement. */
  readonly toGen: number;
  /** The generator's run. */
  readonly gen: number;
  /** The generator's end → the last line on screen. */
  readonly toScreen: number;
  readonly total: number;
  /** ms the generator's writes waited for 'drain'. */
  readonly waited: number;
  /** The runner's CPU during the generator's run: its main thread, and its other threads. */
  readonly main: number;
  readonly other: number;
  readonly clean: boolean;
}

function argv(script: string, runner: Runner): string[] {
  if (runner === 'floor') return [process.execPath, FLOOR, `npm run ${script}`];
  return [process.execPath, runner === 'brum' ? BIN : (BRUM_B as string), '-C', FIXTURE, script];
}

async function once(script: string, runner: Runner, dir: string): Promise<Parts> {
  const record = path.join(dir, `${runner}.json`);
  rmSync(record, { force: true });
  const launch = performance.timeOrigin + performance.now();
  const t0 = performance.now();
  const env = { FLOOD_LINES: String(LINES), BENCH_GEN_RECORD: record };
  const pane = TmuxPane.open({ argv: argv(script, runner), cwd: FIXTURE, width: 120, height: 40, env });
  const tree = new TreeWatch(pane);
  const screen = await screenOf(pane);
  try {
    let polls = 0;
    const ms = await timeUntil(screen, t0, (s) => s.includes(DONE), 60_000, 5, () => {
      if (polls++ % 20 === 0) tree.sample();
    });
    tree.sample();
    pane.send('q');
    await waitExit(pane, 20_000);
    const left = await leftovers(tree);
    if (ms === null) throw new Error(`${runner}: "${DONE}" never showed`);
    const gen = JSON.parse(readFileSync(record, 'utf8').trim().split('\n').pop() as string) as { start: number; end: number; waited: number; runnerMain: number; runnerOther: number };
    const shown = launch + ms;
    return {
      toGen: gen.start - launch,
      gen: gen.end - gen.start,
      toScreen: shown - gen.end,
      total: ms,
      waited: gen.waited,
      main: gen.runnerMain,
      other: gen.runnerOther,
      clean: left.clean,
    };
  } finally {
    screen.close();
    pane.close();
  }
}

type Measure = Exclude<keyof Parts, 'clean'>;

const PARTS: ReadonlyArray<readonly [Measure, string]> = [
  ['total', 'launch → last line'],
  ['toGen', 'launch → generator'],
  ['gen', 'generator run'],
  ['toScreen', 'generator end → screen'],
  ['waited', 'generator waited'],
  ['main', 'runner main-thread CPU'],
  ['other', 'runner other threads'],
];

requireTmux();
const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-flood-parts-'));
const runners: Runner[] = BRUM_B ? ['brum', 'brum-b', 'floor'] : ['brum', 'floor'];
console.log(`Rounds of ${runners.join(', ')} back to back, ${RUNS} rounds per corpus (order rotated each round), 1 warm-up round first; ms, medians.`);
let clean = true;
try {
  for (const corpus of CORPORA) {
    const script = `timed:${corpus}`;
    // The warm-up round is not timed, but what it leaves behind counts.
    for (const runner of runners) clean &&= (await once(script, runner, dir)).clean;
    const runs: Record<Runner, Parts[]> = { brum: [], 'brum-b': [], floor: [] };
    for (let r = 0; r < RUNS; r++) {
      const order = runners.map((_, i) => runners[(i + r) % runners.length] as Runner);
      for (const runner of order) runs[runner].push(await once(script, runner, dir));
    }
    clean &&= runners.every((runner) => runs[runner].every((p) => p.clean));
    const rows = PARTS.map(([key, label]) => {
      const row = [label, ...runners.map((runner) => median(runs[runner].map((p) => p[key])).toFixed(0))];
      // Per round, brum minus each other runner: the median and the spread of those differences.
      for (const other of runners.slice(1)) {
        const d = runs.brum.map((p, i) => p[key] - (runs[other][i] as Parts)[key]).sort((a, b) => a - b);
        row.push(`${median(d).toFixed(0)} (${(d[0] as number).toFixed(0)} … ${(d[d.length - 1] as number).toFixed(0)})`);
      }
      return row;
    });
    console.log(`\n${corpus}:`);
    printTable(['part', ...runners, ...runners.slice(1).map((o) => `brum − ${o}, per round`)], rows);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nprocesses left behind by any runner: ${clean ? 'none' : 'SOME (see above)'}`);
console.log('No verdict here: tui-flood.bench.ts holds the AC2 verdict; this one says where the time goes and what a change moved.');
