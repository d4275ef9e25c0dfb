// How much the watch ignores save (issue 14): time to `ready` and OS watches held for a project with 50,000 files
// in node_modules and 2,000 source files (bench/watch-startup/corpus.ts), and save → event latency.
//
// Start-up, each variant in a fresh process (chokidar shares its fs.watch handles process-wide, and the inotify
// count is per process), BENCH_ROUNDS rounds (default 5), the order rotated each round:
//   brum            watchFiles on the project root with the default ignores and the .gitignore
//   no ignores      chokidar on the project root with no `ignored`: what brum's watcher would do without them
//   floor: chokidar chokidar on src only: the least chokidar can do for the files that matter
//   floor: fs.watch fs.watch(src, { recursive: true }), Node's own (on Linux it walks and adds one watch per entry)
// `ready` is from the call to the end of the initial scan (for fs.watch, its return: it walks synchronously).
// Watches are the `inotify wd:` lines of /proc/self/fdinfo; RSS is the process's after `ready`.
//
// Latency: one process holds brum's watcher on the root and, as the floor, a plain fs.watch on each folder saved
// into; each save is timed from just before the write to the first event for that file on each. BENCH_SAVES saves
// (default 30) of each kind: an in-place write (VS Code, most tools), and a safe write (JetBrains: a
// `___jb_tmp___` file renamed over the original). Quiet gap between saves: 150 ms.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, watch as fsWatch, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { watch as chokidarWatch } from 'chokidar';
import { watchFiles } from '../../src/runtime/file-watcher';
import { fmt } from '../lib/measure';
import { median, printTable } from '../lib/table';
import { buildCorpus, NODE_MODULES_FILES, SOURCE_FILES, type Corpus } from './corpus';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SAVES = Number(process.env.BENCH_SAVES ?? 30);
const CHILD_TIMEOUT_MS = 180_000;
/** Bars: brum's start-up at most this many times chokidar's on src alone; its watches at most src's plus a few. */
const READY_BAR = 1.5;
const EXTRA_WATCHES_BAR = 10;

const VARIANTS = ['brum', 'no ignores', 'floor: chokidar', 'floor: fs.watch'] as const;
type Variant = (typeof VARIANTS)[number];
interface StartResult {
  readonly readyMs: number;
  readonly watches: number;
  readonly rssMb: number;
  readonly errors: number;
}
interface LatencyResult {
  readonly kind: string;
  readonly brum: number[];
  readonly floor: number[];
}

/** inotify watches held by this process. */
function inotifyWatches(): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (!readlinkSync(`/proc/self/fd/${fd}`).includes('inotify')) continue;
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
    } catch {
      // The fd closed while we looked.
    }
  }
  return n;
}

async function startVariant(variant: Variant, root: string): Promise<StartResult> {
  const src = path.join(root, 'src');
  let errors = 0;
  const t0 = performance.now();
  switch (variant) {
    case 'brum':
      await watchFiles({ paths: [root], ignore: [] }, root, () => undefined, () => errors++).ready;
      break;
    case 'no ignores':
    case 'floor: chokidar': {
      const w = chokidarWatch(variant === 'no ignores' ? root : src, { ignoreInitial: true });
      w.on('error', () => errors++);
      await new Promise<void>((resolve) => w.once('ready', () => resolve()));
      break;
    }
    case 'floor: fs.watch':
      fsWatch(src, { recursive: true }, () => undefined).on('error', () => errors++);
      break;
  }
  const readyMs = performance.now() - t0;
  return { readyMs, watches: inotifyWatches(), rssMb: process.memoryUsage().rss / 1024 / 1024, errors };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function latency(corpus: Corpus): Promise<LatencyResult[]> {
  const folders = corpus.sourceFolders.filter((f) => f.files.length >= 10).slice(0, 3);
  const files = folders.flatMap((f) => f.files);
  const brumSeen = new Map<string, number>();
  const floorSeen = new Map<string, number>();
  const handle = watchFiles({ paths: [corpus.root], ignore: [] }, corpus.root, (c) => {
    if (!brumSeen.has(c.path)) brumSeen.set(c.path, performance.now());
  });
  const floors = folders.map((f) =>
    fsWatch(f.dir, (_event, name) => {
      const file = path.join(f.dir, String(name));
      if (!floorSeen.has(file)) floorSeen.set(file, performance.now());
    }),
  );
  await handle.ready;
  const results: LatencyResult[] = [];
  const kinds: Array<[string, (file: string, n: number) => void]> = [
    ['in-place write', (file, n) => writeFileSync(file, `export const v = ${n};\n`)],
    [
      'safe write (tmp + rename)',
      (file, n) => {
        writeFileSync(`${file}___jb_tmp___`, `export const v = ${n};\n`);
        renameSync(`${file}___jb_tmp___`, file);
      },
    ],
  ];
  for (const [kind, save] of kinds) {
    const result: LatencyResult = { kind, brum: [], floor: [] };
    for (let i = 0; i < SAVES; i++) {
      const file = files[i % files.length] as string;
      brumSeen.delete(file);
      floorSeen.delete(file);
      const t0 = performance.now();
      save(file, i);
      const deadline = t0 + 5_000;
      while ((!brumSeen.has(file) || !floorSeen.has(file)) && performance.now() < deadline) await sleep(1);
      result.brum.push((brumSeen.get(file) ?? NaN) - t0);
      result.floor.push((floorSeen.get(file) ?? NaN) - t0);
      await sleep(150);
    }
    results.push(result);
  }
  for (const f of floors) f.close();
  await handle.close();
  return results;
}

async function child(mode: string, root: string): Promise<void> {
  if (mode === 'latency') {
    const corpus = JSON.parse(readFileSync(path.join(root, '..', 'corpus.json'), 'utf8')) as Corpus;
    process.stdout.write(JSON.stringify(await latency(corpus)));
  } else {
    process.stdout.write(JSON.stringify(await startVariant(mode as Variant, root)));
  }
  // Open watchers would keep the process alive; the parent has what it needs.
  process.exit(0);
}

function runChild<T>(mode: string, root: string): T {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [self, '--child', mode, root], { encoding: 'utf8', timeout: CHILD_TIMEOUT_MS, maxBuffer: 16 << 20 });
  if (r.status !== 0) throw new Error(`${mode}: exit ${r.status ?? r.signal}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout) as T;
}

function percentile(xs: readonly number[], p: number): number {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-bench-watch-'));
  const root = path.join(dir, 'app');
  try {
    const t0 = performance.now();
    const corpus = buildCorpus(root);
    writeFileSync(path.join(dir, 'corpus.json'), JSON.stringify(corpus));
    const entries = readdirSync(root, { recursive: true }).length + 1;
    console.log(
      `project: ${fmt(NODE_MODULES_FILES)} files in node_modules, ${fmt(SOURCE_FILES)} in src, ${fmt(entries)} files and folders in all ` +
        `(built in ${fmt(performance.now() - t0)} ms); ${ROUNDS} rounds`,
    );

    const runs = new Map<Variant, StartResult[]>(VARIANTS.map((v) => [v, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as Variant);
      for (const v of order) runs.get(v)?.push(runChild<StartResult>(v, root));
    }
    const ratio = (v: Variant, floor: Variant): number => {
      const a = runs.get(v) ?? [];
      const b = runs.get(floor) ?? [];
      return median(a.map((r, i) => r.readyMs / (b[i]?.readyMs ?? NaN)));
    };
    printTable(
      ['variant', 'ready ms (min–max)', '× chokidar src', '× fs.watch src', 'inotify watches', 'RSS MB', 'errors'],
      VARIANTS.map((v) => {
        const rs = runs.get(v) ?? [];
        const ready = rs.map((r) => r.readyMs);
        return [
          v,
          `${fmt(median(ready))} (${fmt(Math.min(...ready))}–${fmt(Math.max(...ready))})`,
          `${fmt(ratio(v, 'floor: chokidar'), 2)}×`,
          `${fmt(ratio(v, 'floor: fs.watch'), 2)}×`,
          fmt(median(rs.map((r) => r.watches))),
          fmt(median(rs.map((r) => r.rssMb)), 1),
          String(Math.max(...rs.map((r) => r.errors))),
        ];
      }),
    );
    const brumWatches = median((runs.get('brum') ?? []).map((r) => r.watches));
    const srcWatches = median((runs.get('floor: chokidar') ?? []).map((r) => r.watches));
    const readyRatio = ratio('brum', 'floor: chokidar');
    console.log(`ignores save: ${fmt(ratio('no ignores', 'brum'), 1)}× the start-up time, ${fmt(median((runs.get('no ignores') ?? []).map((r) => r.watches)) / brumWatches, 1)}× the watches`);
    console.log(`bar: brum's watches ≤ chokidar on src + ${EXTRA_WATCHES_BAR} (${fmt(brumWatches)} vs ${fmt(srcWatches)}): ${brumWatches <= srcWatches + EXTRA_WATCHES_BAR ? 'PASS' : 'MISS'}`);
    console.log(`bar: brum's ready ≤ ${READY_BAR}× chokidar on src (${fmt(readyRatio, 2)}×): ${readyRatio <= READY_BAR ? 'PASS' : 'MISS'}`);

    console.log(`\nsave → event, ${SAVES} saves of each kind (ms)`);
    const lat = runChild<LatencyResult[]>('latency', root);
    printTable(
      ['save', 'brum p50', 'brum p95', 'fs.watch p50', 'fs.watch p95', 'brum − floor p50', 'missed'],
      lat.map((l) => [
        l.kind,
        fmt(percentile(l.brum, 50), 1),
        fmt(percentile(l.brum, 95), 1),
        fmt(percentile(l.floor, 50), 1),
        fmt(percentile(l.floor, 95), 1),
        fmt(median(l.brum.map((b, i) => b - (l.floor[i] ?? NaN)).filter((d) => Number.isFinite(d))), 1),
        String(l.brum.filter((b) => !Number.isFinite(b)).length),
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3] ?? '', process.argv[4] ?? '');
else await main();
