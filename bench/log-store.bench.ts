// Hot-path throughput of the log store's capped rings: LogStore.appendBlock (the path every child's output takes:
// one block per chunk) and LogStore.append (one line at a time), with the default caps and the merged view.
// Figures are printed against a bar with PASS/MISS; a miss never changes the exit code, since CI must not gate
// on absolute time.
import { blockOf } from '../src/logs/line-block';
import type { LineBlock } from '../src/logs/line-block';
import { LogStore } from '../src/logs/log-store';

const APPENDS = 1_000_000;
const BLOCK_LINES = 1000;
const BLOCK_APPENDS = 20_000;
const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Runs `body` on a fresh store RUNS times; the median rate of `lines` per second, and what the caps evicted. */
function measure(lines: number, body: (store: LogStore) => void): { rate: number; dropped: number } {
  const rates: number[] = [];
  let dropped = 0;
  for (let run = 0; run < RUNS; run++) {
    const store = new LogStore();
    const t0 = performance.now();
    body(store);
    rates.push(lines / ((performance.now() - t0) / 1000));
    dropped = store.counters(null).dropped;
  }
  return { rate: median(rates), dropped };
}

function report(label: string, perSecond: number, bar: number): void {
  const verdict = perSecond >= bar ? 'PASS' : 'MISS';
  console.log(`${label}: ${(perSecond / 1e6).toFixed(1)}M lines/s (bar ≥ ${bar / 1e6}M/s) ${verdict}`);
}

function benchAppend(stampEachLine: boolean): { rate: number; dropped: number } {
  // Realistic texts, made up front so the generator is not what gets measured.
  const texts = Array.from(
    { length: 4096 },
    (_, i) => `2024-05-01T12:00:${String(i % 60).padStart(2, '0')}.123Z GET /api/items/${i} 200 in ${i % 97}ms`,
  );
  const procs = ['api', 'web', 'tsc', 'test'];
  return measure(APPENDS, (store) => {
    for (let i = 0; i < APPENDS; i++) {
      // Bursts of 64 lines per process, as a flooding child delivers them chunk by chunk.
      const proc = procs[(i >> 6) & 3]!;
      if (stampEachLine) store.append(proc, 'stdout', texts[i & 4095]!);
      else store.append(proc, 'stdout', texts[i & 4095]!, 0);
    }
  });
}

function benchAppendBlock(): { rate: number; dropped: number } {
  // A few distinct blocks made up front: what is measured is storing them, not building them.
  const blocks: LineBlock[] = Array.from({ length: 16 }, (_, b) =>
    blockOf(Array.from({ length: BLOCK_LINES }, (_, i) => `GET /api/items/${b * BLOCK_LINES + i} 200 in ${i % 97}ms`)),
  );
  const procs = ['api', 'web', 'tsc', 'test'];
  return measure(BLOCK_APPENDS * BLOCK_LINES, (store) => {
    for (let i = 0; i < BLOCK_APPENDS; i++) store.appendBlock(procs[i & 3]!, 'stdout', blocks[i & 15]!, 0);
  });
}

const appendBlock = benchAppendBlock();
console.log(
  `LogStore.appendBlock: ${(BLOCK_APPENDS * BLOCK_LINES) / 1e6}M lines in ${BLOCK_LINES}-line blocks, 4 processes, default caps, median of ${RUNS}`,
);
// The bar for the ring append; every child's output takes this path.
report('LogStore.appendBlock (ring append)', appendBlock.rate, 5e6);
// The cost is per block, so this is the figure that transfers to other block sizes.
console.log(`  (${((appendBlock.rate / BLOCK_LINES) / 1e6).toFixed(2)}M blocks/s)`);
console.log(`  (merged view evicted ${appendBlock.dropped} lines, so the eviction path was measured too)`);
const append = benchAppend(false);
console.log(`LogStore.append: ${APPENDS / 1e6}M lines, 4 processes, default caps, median of ${RUNS}`);
report('LogStore.append', append.rate, 2e6);
console.log(`  (merged view evicted ${append.dropped} lines, so the eviction path was measured too)`);
// The default timestamp costs a Date.now() per line; a caller can stamp a whole chunk once instead.
report('LogStore.append with Date.now() per line', benchAppend(true).rate, 2e6);
