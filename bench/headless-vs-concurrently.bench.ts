// brum run vs concurrently 9 on the same two commands, in the same run: a fast reader and a slow one.
import path from 'node:path';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { fmt, runMeasured, runToFile, SeqChecker, type RunResult } from './lib/measure';

const N = Number(process.env.BENCH_LINES ?? 3_000_000);
const ROOT = process.cwd();
const cmds = [`seq 1 ${N}`, `seq 1 ${N}`];
const runners = {
  brum: { file: process.execPath, args: [path.join(ROOT, 'bin/brum.js'), 'run', '--no-color', ...cmds.flatMap((c) => ['--cmd', c])] },
  concurrently: {
    file: process.execPath,
    args: [path.join(ROOT, 'node_modules/concurrently/dist/bin/concurrently.js'), '--no-color', '-n', 'seq,seq-2', ...cmds],
  },
};

interface Row extends RunResult {
  intact: number;
  bad: number;
}

async function once(name: keyof typeof runners, slow: boolean): Promise<Row> {
  const checker = new SeqChecker();
  if (slow) {
    const r = await runMeasured(runners[name].file, runners[name].args, (d) => checker.feed(d), { slow });
    checker.finish();
    return { ...r, intact: checker.intact, bad: checker.bad };
  }
  const out = path.join(os.tmpdir(), `brum-bench-${name}-${process.pid}.txt`);
  const r = await runToFile(runners[name].file, runners[name].args, out);
  checker.feed(readFileSync(out, 'utf8'));
  checker.finish();
  rmSync(out, { force: true });
  return { ...r, intact: checker.intact, bad: checker.bad };
}

async function best(name: keyof typeof runners, slow: boolean, runs: number): Promise<Row> {
  const rows: Row[] = [];
  for (let i = 0; i < runs; i++) rows.push(await once(name, slow));
  rows.sort((a, b) => a.wallMs - b.wallMs);
  return rows[Math.floor(rows.length / 2)] as Row;
}

function show(label: string, r: Row): void {
  const expected = 2 * N;
  console.log(
    `  ${label.padEnd(13)} wall ${fmt(r.wallMs).padStart(6)} ms  ${fmt((r.intact / r.wallMs) * 1000).padStart(11)} lines/s  ` +
      `intact ${fmt(r.intact)}/${fmt(expected)}  torn/out-of-order ${fmt(r.bad)}  lost ${fmt(expected - r.intact)}  peak RSS ${fmt(r.peakRssMb, 1)} MB`,
  );
}

console.log('Fast reader: stdout → pipe → cat → file, checked after timing. Slow reader: in-process, stalls 5 ms every 4 chunks.');
console.log(`Two commands (seq 1 ${fmt(N)}) each, ${fmt(2 * N)} lines in all; median of 3 runs.`);
for (const slow of [false, true]) {
  console.log(slow ? '\nSlow reader:' : '\nFast reader:');
  const b = await best('brum', slow, slow ? 1 : 3);
  const c = await best('concurrently', slow, slow ? 1 : 3);
  show('brum', b);
  show('concurrently', c);
  const ratio = b.wallMs / c.wallMs;
  const lossless = b.intact === 2 * N && b.bad === 0;
  if (!slow) console.log(`  ratio brum/concurrently wall time: ${ratio.toFixed(2)} (bar ≤ 1.0, aim ≤ 0.8) ${ratio <= 1 ? 'PASS' : 'MISS'}`);
  console.log(`  brum lossless and whole: ${lossless ? 'PASS' : 'MISS'}`);
}
