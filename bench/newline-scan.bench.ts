// The line splitter finds line feeds with a wasm SIMD scan (src/logs/newline-scan.wat) that, in the same pass,
// marks the lines a detector could want. Over every corpus, replayed in 64 KiB chunks as a pipe delivers them:
//   1. split + detect, whole: the splitter with the wasm scan vs with its byte-search fallback (one
//      Buffer#indexOf per line, then the screen regex over every block); both feed the same detectors.
//   2. what the looks cost: the scan vs the same loop finding line feeds and the flags the splitter needs only
//      (linesOnly), same chunks.
// BENCH_SCAN_B=<file>: also times the scan of another build's module (a newline-scan-module.ts, e.g. from
// `git show <commit>:src/logs/newline-scan-module.ts`) in the same rounds, for an A/B of a change to the .wat.
import { readFileSync } from 'node:fs';
import { createDetector, detectBlock } from '../src/logs/detectors';
import { BlockSplitter } from '../src/logs/line-splitter';
import { newlineScanner, NewlineScanner } from '../src/logs/newline-scan';
import { instantiateWasm } from '../src/logs/wasm-instance';
import { CORPUS_NAMES, corpus } from './corpora/corpora.mjs';
import { chosenCorpora, printTable } from './lib/table';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 7);
const LINES = Number(process.env.BENCH_LINES ?? 300_000);
const CHUNK = 64 * 1024;

/** Chunks of ≤ 64 KiB with memory of their own, as socket reads give. */
function chunksOf(name: string): Buffer[] {
  const data = Buffer.concat([...corpus(name).chunks(LINES)]);
  const chunks: Buffer[] = [];
  for (let at = 0; at < data.length; at += CHUNK) chunks.push(Buffer.from(data.subarray(at, at + CHUNK)));
  return chunks;
}

function splitAndDetect(chunks: readonly Buffer[], scanner: NewlineScanner | null): { ms: number; fed: number; found: number } {
  const detector = createDetector('p');
  let fed = 0;
  let found = 0;
  let first = 0;
  const take = (d: readonly unknown[]): void => {
    found += d.length;
  };
  const splitter = new BlockSplitter(
    (block) => {
      fed += detectBlock(detector, block, { proc: 'p', stream: 'stdout', ts: 0, first }, take);
      first += block.count;
    },
    undefined,
    undefined,
    scanner,
  );
  const t0 = performance.now();
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  take(detector.flush());
  return { ms: performance.now() - t0, fed, found };
}

function scanOnly(chunks: readonly Buffer[], scanner: NewlineScanner, looks: boolean): number {
  const t0 = performance.now();
  for (const chunk of chunks) {
    if (looks) scanner.scan(chunk, 0);
    else scanner.linesOnly(chunk, 0);
  }
  return performance.now() - t0;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[(xs.length - 1) >> 1] as number;

/** The scanner of another build's module (BENCH_SCAN_B), or null. */
function otherScanner(): NewlineScanner | null {
  const file = process.env.BENCH_SCAN_B;
  if (file === undefined) return null;
  const base64 = /'([A-Za-z0-9+/=]+)'/.exec(readFileSync(file, 'utf8'))?.[1];
  const exports = base64 === undefined ? null : instantiateWasm(base64);
  if (exports === null) throw new Error(`BENCH_SCAN_B: no wasm module in ${file}`);
  return new NewlineScanner(exports as ConstructorParameters<typeof NewlineScanner>[0]);
}

const scanner = newlineScanner();
const scannerB = otherScanner();
if (scanner === null) {
  console.log('no wasm SIMD on this Node; brum uses the byte searches');
  process.exit(0);
}
console.log(`${LINES.toLocaleString('en-US')} lines per corpus in 64 KiB chunks; medians of ${ROUNDS} interleaved rounds (a first round warms up).`);
const rows: string[][] = [];
for (const name of chosenCorpora(CORPUS_NAMES)) {
  const chunks = chunksOf(name);
  const t = { search: [] as number[], wasm: [] as number[], lines: [] as number[], looks: [] as number[], b: [] as number[] };
  let same = true;
  let fed = 0;
  let found = 0;
  for (let r = 0; r <= ROUNDS; r++) {
    const a = splitAndDetect(chunks, null);
    const b = splitAndDetect(chunks, scanner);
    const l = scanOnly(chunks, scanner, false);
    const k = scanOnly(chunks, scanner, true);
    const kb = scannerB === null ? 0 : scanOnly(chunks, scannerB, true);
    same &&= a.found === b.found;
    fed = b.fed;
    found = b.found;
    if (r === 0) continue;
    t.search.push(a.ms);
    t.wasm.push(b.ms);
    t.lines.push(l);
    t.looks.push(k);
    t.b.push(kb);
  }
  const [s, w, l, k] = [median(t.search), median(t.wasm), median(t.lines), median(t.looks)];
  rows.push([
    name,
    s.toFixed(1),
    w.toFixed(1),
    (w / s).toFixed(2),
    `${fed} / ${found}`,
    same ? 'yes' : 'NO',
    l.toFixed(1),
    k.toFixed(1),
    `+${(k - l).toFixed(1)} ms`,
    ...(scannerB === null ? [] : [median(t.b).toFixed(1), (median(t.b) / k).toFixed(2)]),
  ]);
}
const columnsB = scannerB === null ? [] : ['scan B ms', 'B ÷ scan'];
printTable(['corpus', 'search+regex ms', 'wasm ms', 'ratio', 'lines fed / found', 'same finds', 'lines-only scan ms', 'scan+looks ms', 'looks cost', ...columnsB], rows);
