// brum run vs concurrently 9 on the same two commands, in the same run, over every corpus (bench/corpora): each
// command `cat`s the corpus from a file written once, the cheapest child there is, so the runners are what is
// timed. A fast reader (stdout → pipe → cat → file) times them; the file is then checked line by line. A slow
// reader checks brum stays lossless when its reader cannot keep up.
//
// Env: BENCH_CORPORA=plain,json (default: all), BENCH_RUNS (default 3), BENCH_SCALE (0.1 = a tenth of the lines).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_NAMES, corpus, materialize, type CorpusName } from './corpora/corpora.mjs';
import { checkFile, CorpusChecker, countsText, type Counts } from './lib/corpus-check';
import { fmt, runMeasured, runToFile } from './lib/measure';
import { chosenCorpora, printTable } from './lib/table';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/** Lines per command: ~1–2 s a run here, ~100–200 MB per command for the byte-heavy corpora. */
const LINES: Record<CorpusName, number> = {
  plain: 1_500_000,
  json: 750_000,
  ansi: 1_500_000,
  mix: 1_000_000,
  long: 30_000,
  digits: 3_000_000,
};
const SLOW_LINES = Math.round(300_000 * SCALE);
const CHOSEN = chosenCorpora(CORPUS_NAMES);

const ROOT = process.cwd();
const CONCURRENTLY = path.join(ROOT, 'node_modules/concurrently/dist/bin/concurrently.js');
// brum names a --cmd after its first word: `a` and `b`, links to cat, give both runners the prefix `[a] `.
const LINKS = mkdtempSync(path.join(os.tmpdir(), 'brum-bench-cat-'));
const CAT = spawnSync('sh', ['-c', 'command -v cat'], { encoding: 'utf8' }).stdout.trim();
for (const n of ['a', 'b']) symlinkSync(CAT, path.join(LINKS, n));
const OUT = path.join(os.tmpdir(), `brum-bench-out-${process.pid}.txt`);

type Runner = 'brum' | 'concurrently';

interface Setup {
  readonly file: string;
  readonly args: string[];
  readonly isOther: (line: string) => boolean;
}

function setup(runner: Runner, corpusFile: string): Setup {
  const cmds = ['a', 'b'].map((n) => `${path.join(LINKS, n)} ${corpusFile}`);
  if (runner === 'brum') {
    return {
      file: process.execPath,
      args: [path.join(ROOT, 'bin/brum.js'), 'run', '--no-color', ...cmds.flatMap((c) => ['--cmd', c])],
      isOther: (line) => line.startsWith('[brum] '),
    };
  }
  const exits = new Set(cmds.map((c, i) => `[${'ab'[i]}] ${c} exited with code 0`));
  return { file: process.execPath, args: [CONCURRENTLY, '--no-color', '-n', 'a,b', ...cmds], isOther: (line) => exits.has(line) };
}

/** The worse of two checks: the verdict must hold for every run, not for the best. */
const worse = (a: Counts | null, b: Counts): Counts => (a === null || b.bad + b.lost > a.bad + a.lost ? b : a);

interface Result {
  ms: number;
  counts: Counts;
  /** Exit codes of runs that failed (a crashed runner loses lines for a reason the table should not hide). */
  failures: number[];
}

async function measure(name: CorpusName, lines: number, file: string): Promise<Record<Runner, Result>> {
  const times: Record<Runner, number[]> = { brum: [], concurrently: [] };
  const counts: Record<Runner, Counts | null> = { brum: null, concurrently: null };
  const failures: Record<Runner, number[]> = { brum: [], concurrently: [] };
  for (let run = 0; run < RUNS; run++) {
    for (const runner of ['brum', 'concurrently'] as const) {
      const s = setup(runner, file);
      const r = await runToFile(s.file, s.args, OUT);
      times[runner].push(r.wallMs);
      if (r.exitCode !== 0) {
        failures[runner].push(r.exitCode ?? -1);
        console.log(`  ${name}: ${runner} exited with ${r.exitCode ?? 'a signal'}; its stderr ended: ${r.stderrTail?.slice(-600) ?? ''}`);
      }
      // Checked after timing, outside the measured window.
      counts[runner] = worse(counts[runner], checkFile(OUT, new CorpusChecker(corpus(name), lines, ['a', 'b'], s.isOther)));
      rmSync(OUT, { force: true });
    }
  }
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
  return {
    brum: { ms: med(times.brum), counts: counts.brum as Counts, failures: failures.brum },
    concurrently: { ms: med(times.concurrently), counts: counts.concurrently as Counts, failures: failures.concurrently },
  };
}

const lossless = (c: Counts): boolean => c.bad === 0 && c.lost === 0;

console.log('Two commands per run, each `cat`ting the corpus file; fast reader: stdout → pipe → cat → file, checked after timing.');
console.log(`Median of ${RUNS} runs, interleaved. intact/torn/lost is the worst run's, over both commands.`);
const header = ['corpus', 'lines/cmd', 'MB/cmd', 'brum ms', 'conc. ms', 'brum/conc', 'brum i/t/l', 'conc. i/t/l', 'verdict'];
const rows: string[][] = [];
let failed = false;
for (const name of CHOSEN) {
  const lines = Math.max(1, Math.round(LINES[name] * SCALE));
  const file = materialize(name, lines);
  const mb = (statSync(file).size / 1e6).toFixed(0);
  const r = await measure(name, lines, file);
  const ratio = r.brum.ms / r.concurrently.ms;
  const ok = ratio <= 1 && lossless(r.brum.counts) && r.brum.failures.length === 0;
  failed ||= !ok;
  const why = r.brum.failures.length > 0 ? ' (brum failed)' : lossless(r.brum.counts) ? '' : ' (brum lost lines)';
  const verdict = `${ok ? 'PASS' : 'MISS'}${ok && ratio <= 0.8 ? ' (aim met)' : ''}${why}`;
  rows.push([name, fmt(lines), mb, fmt(r.brum.ms), fmt(r.concurrently.ms), ratio.toFixed(2), countsText(r.brum.counts), countsText(r.concurrently.counts), verdict]);
  console.log(`  … ${name} done`);
}
console.log('');
printTable(header, rows);
console.log('verdict: PASS when brum/concurrently ≤ 1.0 (bar; aim ≤ 0.8) and brum exited 0 and lost and tore nothing.');
console.log('i/t/l = intact/torn-or-out-of-order/lost lines. concurrently tears lines that straddle its read chunks, and with its');
console.log('stdout on a pipe it exits 0 with the tail of its output missing, its own exit notices included (to a file it loses');
console.log("none): its time covers less work than brum's.");

// Slow reader: in-process, stalls 5 ms every 4 chunks (a terminal or log shipper that cannot keep up).
if (CHOSEN.includes('plain')) {
  const file = materialize('plain', SLOW_LINES);
  console.log(`\nSlow reader, plain corpus, ${fmt(SLOW_LINES)} lines per command, one run each:`);
  for (const runner of ['brum', 'concurrently'] as const) {
    const s = setup(runner, file);
    const checker = new CorpusChecker(corpus('plain'), SLOW_LINES, ['a', 'b'], s.isOther);
    const r = await runMeasured(s.file, s.args, (d) => checker.feed(d), { slow: true });
    checker.finish();
    const c = checker.totals();
    console.log(`  ${runner.padEnd(12)} ${fmt(r.wallMs).padStart(6)} ms  intact/torn/lost ${countsText(c)}  peak RSS ${fmt(r.peakRssMb, 1)} MB`);
    if (runner === 'brum') {
      console.log(`  brum lossless and whole under a slow reader: ${lossless(c) ? 'PASS' : 'MISS'}`);
      failed ||= !lossless(c);
    }
  }
}
rmSync(LINKS, { recursive: true, force: true });
if (failed) console.log('\nat least one MISS above');
