// The line splitter's plain-ASCII path finds line feeds with a wasm SIMD scan (src/logs/newline-scan.wat) that
// also tells the error screen whether a chunk can hold anything it looks for. This replays the 1M-line demo
// flood in 64 KiB chunks, as a pipe delivers it, through split + screen both ways, in the same run:
//   byte searches: one Buffer#indexOf per line, then the screen's byte searches (one per error mark);
//   wasm scan:     one pass per chunk; blocks it calls quiet skip the screen.
// Also a realistic dev-server mix (colours, colons, JSON), where the screen must still look at most blocks.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { screenBlock } from '../src/logs/detectors';
import type { LineBlock } from '../src/logs/line-block';
import { BlockSplitter } from '../src/logs/line-splitter';
import { newlineScanner, type NewlineScanner } from '../src/logs/newline-scan';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 7);
const CHUNK = 64 * 1024;

function chunksOf(data: Buffer): Buffer[] {
  const chunks: Buffer[] = [];
  // Own memory per chunk, as a socket read gives.
  for (let at = 0; at < data.length; at += CHUNK) chunks.push(Buffer.from(data.subarray(at, at + CHUNK)));
  return chunks;
}

function splitAndScreen(chunks: readonly Buffer[], scanner: NewlineScanner | null): { ms: number; lines: number; looked: number } {
  let lines = 0;
  let looked = 0;
  const onBlock = (block: LineBlock): void => {
    lines += block.count;
    if (screenBlock(block) !== null) looked++;
  };
  const splitter = new BlockSplitter(onBlock, undefined, undefined, scanner);
  const t0 = performance.now();
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { ms: performance.now() - t0, lines, looked };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] as number;

function compare(label: string, chunks: readonly Buffer[]): void {
  const scanner = newlineScanner();
  if (scanner === null) {
    console.log(`${label}: no wasm SIMD on this Node; brum uses the byte searches`);
    return;
  }
  const times: Record<'search' | 'wasm', number[]> = { search: [], wasm: [] };
  let last: Record<'search' | 'wasm', { lines: number; looked: number }> | null = null;
  for (let r = 0; r < ROUNDS + 1; r++) {
    // Interleaved; the first round only warms both up.
    const a = splitAndScreen(chunks, null);
    const b = splitAndScreen(chunks, scanner);
    if (r === 0) continue;
    times.search.push(a.ms);
    times.wasm.push(b.ms);
    last = { search: a, wasm: b };
  }
  const s = median(times.search);
  const w = median(times.wasm);
  const same = last !== null && last.search.lines === last.wasm.lines && last.search.looked === last.wasm.looked;
  console.log(`${label} (${chunks.length} chunks of ≤ 64 KiB, median of ${ROUNDS}):`);
  console.log(`  byte searches ${s.toFixed(1)} ms   wasm scan ${w.toFixed(1)} ms   ratio ${(w / s).toFixed(2)}`);
  console.log(`  lines ${last?.wasm.lines}, blocks passed on to the detectors (byte searches / wasm): ${last?.search.looked} / ${last?.wasm.looked} (same answers: ${same ? 'yes' : 'NO'})`);
}

const flood = execFileSync(process.execPath, [path.join(process.cwd(), 'examples/demo/scripts/flood.mjs'), '1000000'], { maxBuffer: 1 << 30 });
compare('1M-line demo flood', chunksOf(flood));

// Dev-server-like lines: most chunks hold colons, so the screen reads them either way; the scan must not cost more.
const mix: string[] = [];
for (let i = 0; i < 300_000; i++) {
  mix.push(i % 3 === 0 ? `[${i % 24}:${i % 60}] GET /api/items/${i} 200 ${i % 90}ms` : i % 3 === 1 ? `webpack compiled module ${i} in ${i % 500} ms` : `{"level":30,"msg":"ready","n":${i}}`);
}
compare('300k-line dev-server mix', chunksOf(Buffer.from(mix.join('\n') + '\n', 'latin1')));
