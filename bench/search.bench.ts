// Search over a million realistic log lines (about a third of them coloured), stored as blocks the way a flood
// arrives (runs of 1 to 1000 lines of one process, as bytes through the same splitter as a child's output, so the
// plain-ASCII runs are stored as bytes and decoded by the search), in substring and regex mode, over the merged view and over
// one process. Queries that match rarely are used so that every line is scanned: a query
// that matches often stops early at the limit and would flatter the figures.
import { AsciiBytesBlock } from '../src/logs/line-block';
import { BlockSplitter } from '../src/logs/line-splitter';
import { LogStore } from '../src/logs/log-store';
import { search } from '../src/logs/search';
import type { SearchOptions } from '../src/logs/search';

const LINES = 1_000_000;
const BAR_MS = 200;
const RUNS = 5;

/** Deterministic, so every run searches the same text. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const red = (s: string): string => `\x1b[31m${s}\x1b[39m`;
const dim = (s: string): string => `\x1b[2m${s}\x1b[22m`;
const green = (s: string): string => `\x1b[32m${s}\x1b[39m`;

const PROCS = ['api', 'web', 'tsc', 'test'] as const;
type Proc = (typeof PROCS)[number];

/** Shares of the lines: api 35%, web 30% (all coloured), tsc 15% (rarely coloured), test 20%. */
function pickProc(rand: () => number): Proc {
  const r = rand();
  return r < 0.35 ? 'api' : r < 0.65 ? 'web' : r < 0.8 ? 'tsc' : 'test';
}

function makeLine(rand: () => number, proc: Proc, i: number): string {
  const n = Math.floor(rand() * 100_000);
  const time = `12:${String(i % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}`;
  switch (proc) {
    case 'api': {
      const status = rand() < 0.001 ? 503 : 200;
      return `[${time}] INFO  GET /api/items/${n}?page=${n % 7} ${status} in ${n % 300}ms user=${n % 977}`;
    }
    case 'web':
      return rand() < 0.67
        ? `${dim(time)} ${green('[vite]')} hmr update /src/components/Widget${n % 50}.tsx`
        : `${dim(time)} ${green('[vite]')} page reload src/main.tsx (x${n % 9})`;
    case 'tsc':
      return rand() < 0.0005
        ? `src/app/module${n}.ts(12,5): ${red('error')} TS2345: Argument of type 'string'`
        : `src/app/module${n}.ts - watching for file changes`;
    case 'test':
      return `  ✓ suite ${n % 400} › renders item ${n} without crashing (${n % 40} ms)`;
    default: {
      const never: never = proc;
      throw new Error(`unknown process ${String(never)}`);
    }
  }
}

let bytesLines = 0;

function buildStore(): LogStore {
  const big = 256 * 1024 * 1024;
  const store = new LogStore({ maxLinesPerProcess: LINES, maxBytesPerProcess: big, maxMergedLines: LINES, maxMergedBytes: big });
  const splitters = new Map(
    PROCS.map((proc) => [proc, new BlockSplitter((block) => {
      store.appendBlock(proc, 'stdout', block, 0);
      if (block instanceof AsciiBytesBlock) bytesLines += block.count;
    })] as const),
  );
  const rand = prng(42);
  for (let i = 0; i < LINES; ) {
    const proc = pickProc(rand);
    const count = Math.min(LINES - i, 1 + Math.floor(rand() * 1000));
    const lines = new Array<string>(count);
    for (let k = 0; k < count; k++) lines[k] = makeLine(rand, proc, i++);
    splitters.get(proc)?.push(Buffer.from(`${lines.join('\n')}\n`));
  }
  for (const s of splitters.values()) s.end();
  return store;
}

function time(store: LogStore, options: SearchOptions): { ms: number; matches: number; truncated: boolean } {
  const runs: number[] = [];
  let matches = 0;
  let truncated = false;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    const result = search(store, options);
    runs.push(performance.now() - t0);
    if (!result.ok) throw new Error(result.error);
    matches = result.matches.length;
    truncated = result.truncated;
  }
  runs.sort((a, b) => a - b);
  return { ms: runs[Math.floor(runs.length / 2)]!, matches, truncated };
}

const t0 = performance.now();
const store = buildStore();
console.log(
  `built ${store.size(null)} lines in ${(performance.now() - t0).toFixed(0)} ms (${((bytesLines / store.size(null)) * 100).toFixed(0)}% kept as bytes); ` +
    `median of ${RUNS} runs each`,
);

const cases: Array<[label: string, options: SearchOptions, scanned: number]> = [
  ['substring "error" (ignore case), all', { query: 'error' }, store.size(null)],
  ['substring "TS2345" (exact case), all', { query: 'TS2345', caseSensitive: true }, store.size(null)],
  ['substring " 503 " (ignore case), api', { query: ' 503 ', proc: 'api' }, store.size('api')],
  ['regex /GET \\S+ 5\\d\\d/ (ignore case), all', { query: 'GET \\S+ 5\\d\\d', regex: true }, store.size(null)],
  ['regex /error TS\\d+/ (exact case), all', { query: 'error TS\\d+', regex: true, caseSensitive: true }, store.size(null)],
];
for (const [label, options, scanned] of cases) {
  const r = time(store, options);
  const verdict = r.ms <= BAR_MS ? 'PASS' : 'MISS';
  const lines = `${(scanned / 1e6).toFixed(2)}M lines`;
  console.log(`search ${label}: ${r.ms.toFixed(1)} ms over ${lines}, ${r.matches} matches (bar ≤ ${BAR_MS} ms) ${verdict}`);
}
