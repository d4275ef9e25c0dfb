// Every corpus from a real child (`cat FILE`) through the whole ingestion path (split → LogStore → detectors →
// store/bus), against a floor timed in the same run on the same child: a naive runner's reading, as concurrently
// does it, decoding each chunk and splitting it into one string per line. The verdict is brum's time over the
// floor's: storing and screening every line may cost at most 3× (bar; aim 2×) what a naive runner pays merely to
// make a string of each one.
// Why no cheaper floor: one that only found the line feeds (a Buffer#indexOf loop, or indexOf over a latin1 view)
// measured no faster than decode + split (one native call per line against one per chunk), and one that did
// nothing per chunk read the pipe in smaller pieces and was slower still (more wake-ups), so neither is a floor.
//
// Env: BENCH_CORPORA=plain,json (default: all), BENCH_RUNS (default 3), BENCH_SCALE (0.1 = a tenth of the lines).
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { CORPUS_NAMES, materialize, type CorpusName } from './corpora/corpora.mjs';
import { chosenCorpora, median, printTable } from './lib/table';
import { fmt } from './lib/measure';
import { createBrum } from '../src/runtime/brum';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/** About 1M lines, or ~100 MB for the corpora of long lines. */
const LINES: Record<CorpusName, number> = { plain: 1_000_000, json: 500_000, ansi: 1_000_000, mix: 1_000_000, long: 20_000, digits: 1_000_000 };
const BAR = 3.0;
const AIM = 2.0;

interface Timed {
  ms: number;
  lines: number;
  errors: number;
}

/** Spawns `cat file` and hands each stdout chunk to `onData`; resolves with the ms from spawn to close. */
function readChild(file: string, onData: (chunk: Buffer) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('cat', [file], { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.on('data', onData);
    child.on('error', reject);
    child.on('close', () => resolve(performance.now() - t0));
  });
}

async function stringsFloor(file: string): Promise<Timed> {
  let lines = 0;
  let rest = '';
  let sink = 0;
  const ms = await readChild(file, (chunk) => {
    const parts = (rest + chunk.toString('utf8')).split('\n');
    rest = parts.pop() ?? '';
    lines += parts.length;
    // Touch every line, so no engine can skip making them.
    for (const p of parts) sink += p.length;
  });
  if (sink < 0) console.log(sink);
  return { ms, lines, errors: 0 };
}

async function throughBrum(file: string): Promise<Timed> {
  const brum = createBrum({
    defs: [{ id: 'cat', name: 'cat', command: 'cat', cwd: process.cwd(), launch: { kind: 'file', file: 'cat', args: [file] } }],
  });
  const t0 = performance.now();
  await brum.supervisor.start('cat');
  await brum.supervisor.settled();
  await brum.close();
  const ms = performance.now() - t0;
  const s = brum.store.getState();
  return { ms, lines: s.logs.cat?.lines ?? 0, errors: s.errors.cat?.length ?? 0 };
}

const KINDS = { brum: throughBrum, strings: stringsFloor } as const;
type Kind = keyof typeof KINDS;

console.log(`Each corpus from \`cat FILE\`: median of ${RUNS} runs, interleaved (brum, then the floor).`);
const rows: string[][] = [];
for (const name of chosenCorpora(CORPUS_NAMES)) {
  const lines = Math.max(1, Math.round(LINES[name] * SCALE));
  const file = materialize(name, lines);
  const runs: Record<Kind, Timed[]> = { brum: [], strings: [] };
  for (let i = 0; i < RUNS; i++) for (const kind of Object.keys(KINDS) as Kind[]) runs[kind].push(await KINDS[kind](file));
  const med = (kind: Kind): number => median(runs[kind].map((r) => r.ms));
  const brum = med('brum');
  const ratio = brum / med('strings');
  const stored = Math.min(...runs.brum.map((r) => r.lines));
  const whole = stored === lines && runs.strings.every((r) => r.lines === lines);
  const verdict = ratio <= BAR && whole ? `PASS${ratio <= AIM ? ' (aim met)' : ''}` : `MISS${whole ? '' : ' (line count wrong)'}`;
  rows.push([
    name,
    fmt(lines),
    (statSync(file).size / 1e6).toFixed(0),
    fmt(brum),
    fmt((lines / brum) * 1000),
    String(Math.max(...runs.brum.map((r) => r.errors))),
    fmt(med('strings')),
    ratio.toFixed(2),
    verdict,
  ]);
}
console.log('');
printTable(['corpus', 'lines', 'MB', 'brum ms', 'brum lines/s', 'errors found', 'floor ms', 'brum/floor', 'verdict'], rows);
console.log(`verdict: brum/floor ≤ ${BAR.toFixed(1)} (bar; aim ≤ ${AIM.toFixed(1)}) and every line stored. "errors found": error groups the detectors reported.`);
