// What the error screen costs in a headless run, per corpus (issue 11: "on every corpus the error screen costs
// ≤ 10 % of a headless CPU profile"). `brum run` cats the corpus twice under --cpu-prof; non-idle samples are
// attributed by the module esbuild bundled them from (its `// src/...` comments in dist/cli.cjs):
//   screen: deciding which lines a detector reads: src/logs/detectors/detect-block.ts, the per-line gates in
//     detector.ts (worthALook, endsWithDigitBeforeCodes, screenBlock) and their regexes, plus the share of the
//     wasm scan that finding the looks adds (timed in-process on the same corpus: scan vs linesOnly, which finds
//     the line feeds and the flags the splitter needs (CR, ESC, non-ASCII) and no looks);
//   detectors: the rest of src/logs/detectors/ and its other regexes: the work on lines that hold errors or URLs.
// PASS when screen / total ≤ 10 % in the median of BENCH_RUNS profiles (default 3). The detectors' own share is
// printed beside it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newlineScanner } from '../src/logs/newline-scan';
import { CORPUS_NAMES, corpus, materialize, type CorpusName } from './corpora/corpora.mjs';
import { chosenCorpora, median, printTable } from './lib/table';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const LINES: Record<CorpusName, number> = { plain: 1_500_000, json: 750_000, ansi: 1_500_000, mix: 1_000_000, long: 30_000, digits: 3_000_000 };
const ROOT = process.cwd();
const BUNDLE = path.join(ROOT, 'dist/cli.cjs');

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}
interface Profile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The source module of each line of dist/cli.cjs (src/... or node_modules/...), from esbuild's module comments. */
function moduleOfLine(): string[] {
  const lines = readFileSync(BUNDLE, 'utf8').split('\n');
  const of: string[] = [];
  let current = '';
  for (const line of lines) {
    const m = /^\/\/ ((?:src|node_modules|components)\/\S+)$/.exec(line);
    if (m !== null) current = m[1] as string;
    of.push(current);
  }
  return of;
}

function profileRun(file: string): Promise<Profile> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-screen-prof-'));
  return new Promise<Profile>((resolve, reject) => {
    const args = ['--cpu-prof', `--cpu-prof-dir=${dir}`, path.join(ROOT, 'bin/brum.js'), 'run', '--no-color', '--cmd', `cat ${file}`, '--cmd', `cat ${file}`];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', () => {
      const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (name === undefined) return reject(new Error('no profile written'));
      const profile = JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as Profile;
      rmSync(dir, { recursive: true, force: true });
      resolve(profile);
    });
  });
}

const GATES = new Set(['worthALook', 'endsWithDigitBeforeCodes', 'screenBlock']);
// The gates' regexes: WORTH_A_LOOK, BLOCK_SCREEN and MAY_START_ERROR all begin with the error marks.
const GATE_REGEX = /^RegExp: ERR\|FAIL/;

/** Milliseconds of samples by kind. */
function attribute(profile: Profile, modules: readonly string[]): { total: number; screen: number; detectors: number; scan: number } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  let total = 0;
  let screen = 0;
  let detectors = 0;
  let scan = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const f = byId.get(id)?.callFrame;
    if (f === undefined || f.functionName === '(idle)') return;
    total += ms;
    const module = f.url.endsWith('cli.cjs') ? (modules[f.lineNumber] ?? '') : '';
    const regex = f.functionName.startsWith('RegExp:');
    let kind: 'screen' | 'detectors' | null = null;
    if (module === 'src/logs/detectors/detect-block.ts' || (module === 'src/logs/detectors/detector.ts' && GATES.has(f.functionName)) || (regex && GATE_REGEX.test(f.functionName))) kind = 'screen';
    else if (regex || module.startsWith('src/logs/detectors/')) kind = 'detectors';
    if (kind === 'screen') screen += ms;
    else if (kind === 'detectors') detectors += ms;
    else if (f.url.startsWith('wasm://') && SCAN_FUNCTIONS.has(f.functionName)) scan += ms;
    if (VERBOSE && kind !== null) top.set(`${kind[0]}:${f.functionName}`, (top.get(`${kind[0]}:${f.functionName}`) ?? 0) + ms);
  });
  return { total, screen, detectors, scan };
}

/** The newline scan's functions as its module names them (scripts/build-wasm.mjs writes the names). */
const SCAN_FUNCTIONS = new Set(['scan', 'endLook', 'isDigit', 'isCharset']);
const VERBOSE = process.env.BENCH_VERBOSE === '1';
const top = new Map<string, number>();

/** Fraction of the scan's time that the looks add, timed in-process on the corpus: (scan − lines only) / scan. */
function looksShare(name: CorpusName): number {
  const scanner = newlineScanner();
  if (scanner === null) return 0;
  const chunks = [...corpus(name).chunks(Math.min(LINES[name], 300_000))];
  const time = (f: (c: Buffer) => void): number => {
    const t0 = performance.now();
    for (const c of chunks) f(c);
    return performance.now() - t0;
  };
  const withLooks: number[] = [];
  const linesOnly: number[] = [];
  for (let r = 0; r < 7; r++) {
    withLooks.push(time((c) => scanner.scan(c, 0)));
    linesOnly.push(time((c) => scanner.linesOnly(c, 0)));
  }
  const a = median(withLooks);
  return Math.max(0, (a - median(linesOnly)) / a);
}

const modules = moduleOfLine();
if (!modules.includes('src/logs/detectors/detect-block.ts')) throw new Error('src/logs/detectors/ not found in dist/cli.cjs: run node scripts/build.mjs');
console.log('Headless `brum run --no-color` of two `cat`s of each corpus under --cpu-prof; non-idle CPU attributed (see the file header).');
const rows: string[][] = [];
for (const name of chosenCorpora(CORPUS_NAMES)) {
  const file = materialize(name, Math.round(LINES[name] * SCALE));
  // The profile's share of the wasm scan varied up to 2× between runs of the same build: the median run counts.
  const runs: Array<{ total: number; gates: number; detectors: number; scan: number; screen: number; pct: number }> = [];
  const share = looksShare(name);
  for (let r = 0; r < RUNS; r++) {
    const profile = await profileRun(file);
    top.clear();
    const { total, screen: gates, detectors, scan } = attribute(profile, modules);
    const screen = gates + scan * share;
    runs.push({ total, gates, detectors, scan, screen, pct: (100 * screen) / total });
  }
  runs.sort((a, b) => a.pct - b.pct);
  const mid = runs[runs.length >> 1] as (typeof runs)[number];
  const { total, gates, detectors, scan, screen, pct } = mid;
  if (VERBOSE) console.log(`${name}: ${[...top].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([f, ms]) => `${f.slice(0, 40)} ${ms.toFixed(0)}`).join(', ')}`);
  rows.push([
    name,
    total.toFixed(0),
    scan.toFixed(0),
    `${(share * 100).toFixed(0)} %`,
    gates.toFixed(0),
    screen.toFixed(0),
    `${pct.toFixed(1)} %`,
    runs.map((r) => r.pct.toFixed(1)).join(' / '),
    `${detectors.toFixed(0)} (${((100 * detectors) / total).toFixed(1)} %)`,
    pct <= 10 ? 'PASS' : 'MISS',
  ]);
}
printTable(['corpus', 'CPU ms', 'scan ms', 'looks share', 'gates ms', 'screen ms', 'screen share', `all ${RUNS} runs`, 'detectors ms', 'verdict (screen ≤ 10 %, median run)'], rows);
