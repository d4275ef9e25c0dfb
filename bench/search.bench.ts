// Search over every corpus (bench/corpora), stored as blocks the way output arrives (~64 KiB chunks of whole lines
// dealt at random to four processes, through the same splitter as a child's output), against two references
// timed in the same run on the same lines:
//   per-line: the straightforward design, lines kept as an array of strings (escapes already removed) and the
//             pattern tried on each (includes / RegExp#test). The verdict is brum over this: storing blocks
//             must make search no slower than the simple design (bar ≤ 1.0×; aim ≤ 0.5×).
//   one pass: the same pattern run once over the whole corpus as a single string (indexOf for an exact substring,
//             the regex otherwise), the least any search of that text could cost. For reference.
// Queries that match rarely (or never) are used so that every line is scanned: a query that matches often stops
// early at the result limit and would flatter the figures.
//
// Env: BENCH_CORPORA=plain,json (default: all), BENCH_RUNS (default 5), BENCH_SCALE (0.1 = a tenth of the lines).
import { CORPUS_NAMES, corpus, type CorpusName } from './corpora/corpora.mjs';
import { chosenCorpora, median, printTable } from './lib/table';
import { BlockSplitter } from '../src/logs/line-splitter';
import { LogStore } from '../src/logs/log-store';
import { search, type SearchOptions } from '../src/logs/search';
import { escapeRegExp } from '../src/logs/escape-regexp';
import { plainText } from '../src/logs/ansi';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
/** About 1M lines, or ~100 MB for the corpora of long lines. */
const LINES: Record<CorpusName, number> = { plain: 1_000_000, json: 500_000, ansi: 1_000_000, mix: 1_000_000, long: 20_000, digits: 1_000_000 };
const BAR = 1.0;
const AIM = 0.5;
const PROCS = ['api', 'web', 'tsc', 'test'] as const;

/** Deterministic, so every run deals the chunks the same way. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface Built {
  store: LogStore;
  text: string;
  /** The lines as strings without escapes, for the per-line reference. */
  lines: string[];
  bytesShare: number;
}

function build(name: CorpusName, lines: number): Built {
  const big = 512 * 1024 * 1024;
  const store = new LogStore({ maxLinesPerProcess: lines, maxBytesPerProcess: big, maxMergedLines: lines, maxMergedBytes: big });
  let asBytes = 0;
  const splitters = PROCS.map(
    (proc) =>
      new BlockSplitter((block) => {
        store.appendBlock(proc, 'stdout', block, 0);
        // ASCII and UTF-8 byte blocks alike (the ansi corpus is UTF-8: counting ASCII ones only read 0 %).
        if (block.bytes !== undefined) asBytes += block.count;
      }),
  );
  const rand = prng(42);
  const parts: Buffer[] = [];
  for (const chunk of corpus(name).chunks(lines)) {
    splitters[Math.floor(rand() * PROCS.length)]?.push(chunk);
    parts.push(chunk);
  }
  for (const s of splitters) s.end();
  const text = Buffer.concat(parts).toString('utf8');
  const plain = text.slice(0, -1).split('\n').map(plainText);
  return { store, text, lines: plain, bytesShare: asBytes / store.size(null) };
}

/** The simple design: the pattern tried on every line, counting matching lines. */
function perLine(lines: readonly string[], o: SearchOptions): number {
  let n = 0;
  if (!o.regex && o.caseSensitive) {
    for (const l of lines) if (l.includes(o.query)) n++;
    return n;
  }
  const re = new RegExp(o.regex ? o.query : escapeRegExp(o.query), o.caseSensitive ? '' : 'i');
  for (const l of lines) if (re.test(l)) n++;
  return n;
}

/** The floor: one pass of the pattern over the whole text, counting occurrences. */
function floor(text: string, o: SearchOptions): number {
  let n = 0;
  if (!o.regex && o.caseSensitive) {
    for (let at = text.indexOf(o.query); at !== -1; at = text.indexOf(o.query, at + o.query.length)) n++;
    return n;
  }
  const re = new RegExp(o.regex ? o.query : escapeRegExp(o.query), o.caseSensitive ? 'g' : 'gi');
  while (re.exec(text) !== null) n++;
  return n;
}

function timed<T>(fn: () => T): { ms: number; value: T } {
  const times: number[] = [];
  let value: T | undefined;
  for (let run = 0; run < RUNS; run++) {
    const t0 = performance.now();
    value = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), value: value as T };
}

const QUERIES: Array<[label: string, options: SearchOptions]> = [
  ['"deadlock" (ignore case)', { query: 'deadlock' }],
  ['"TS2304" (exact case)', { query: 'TS2304', caseSensitive: true }],
  ['/GET \\S+ 5\\d\\d/i', { query: 'GET \\S+ 5\\d\\d', regex: true }],
  ['/error TS\\d+/', { query: 'error TS\\d+', regex: true, caseSensitive: true }],
];

console.log(`Median of ${RUNS} runs each, over all four processes' lines.`);
const rows: string[][] = [];
for (const name of chosenCorpora(CORPUS_NAMES)) {
  const lines = Math.max(1, Math.round(LINES[name] * SCALE));
  const t0 = performance.now();
  const built = build(name, lines);
  console.log(
    `  ${name}: ${lines} lines (${(built.text.length / 1e6).toFixed(0)} M chars) stored in ${(performance.now() - t0).toFixed(0)} ms, ` +
      `${(built.bytesShare * 100).toFixed(0)}% kept as bytes`,
  );
  for (const [label, options] of QUERIES) {
    const b = timed(() => search(built.store, options));
    if (!b.value.ok) throw new Error(b.value.error);
    const p = timed(() => perLine(built.lines, options));
    const f = timed(() => floor(built.text, options));
    const ratio = b.ms / p.ms;
    const agree = b.value.matches.length === p.value;
    const ok = ratio <= BAR && agree;
    const verdict = `${ok ? 'PASS' : 'MISS'}${ok && ratio <= AIM ? ' (aim met)' : ''}${agree ? '' : ' (matches differ)'}${b.value.truncated ? ' (hit the limit)' : ''}`;
    rows.push([name, label, b.ms.toFixed(1), p.ms.toFixed(1), f.ms.toFixed(1), ratio.toFixed(2), (b.ms / f.ms).toFixed(1), `${b.value.matches.length}/${p.value}/${f.value}`, verdict]);
  }
  // Let this corpus's store and text go before the next is built.
  (globalThis as { gc?: () => void }).gc?.();
}
console.log('');
printTable(['corpus', 'query', 'brum ms', 'per-line ms', 'one-pass ms', 'brum/per-line', 'brum/one-pass', 'matches b/p/o', 'verdict'], rows);
console.log(`verdict: brum/per-line ≤ ${BAR.toFixed(1)} (bar; aim ≤ ${AIM}) and both find the same lines. Matches: lines for brum and per-line, occurrences for one pass.`);
