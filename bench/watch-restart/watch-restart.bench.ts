// Save → restarted through the real CLI (issue 14, acceptance point 3: a save restarts the process within the
// debounce + 100 ms, p95).
//
// A temporary project whose `api` (bench/watch-restart/app.mjs: its first statement appends the process's
// performance.timeOrigin and its own time to a file, then it stays up as a server would) watches `src`, run as
// `brum run -C DIR --report FILE`, headless. Each trial writes one file in src in place (writeFileSync: truncate +
// write, as most editors save), takes the time just before the write, and waits for the next run's line. Measured:
// save → new process started (its performance.timeOrigin, set as Node begins: what the goal is judged on), and
// save → its first statement (Node's bootstrap added, 90–150 ms on the 2-core VM of docs/performance.md, in both
// runners; not judged). Two configurations: `watch: src` (the default debounce, 300 ms), and
// `watch: { paths: src, debounce: 0 }`, which leaves brum's own cost.
//
// Floor, in the same loop (brum and floor batches interleaved, the order alternating): bench/watch-restart/floor.mjs,
// fs.watch(src, { recursive: true }) with the same trailing debounce, SIGTERM to the group, respawn on the exit
// event; the same app, the same measure.
//
// Batches of at most 8 saves per runner process: the 11th watch restart within a minute would trip brum's flap
// guard (10 restarts/minute → suspended), and a save sometimes restarts twice (counted, and shown). Each save comes
// 150–400 ms (at random) after the previous run started. The project also holds `keep` (the same app, unwatched): a
// second long-running process, as real projects have. Without one, `brum run` (as of 090ac0a) takes the moment a
// watch restart has stopped the only running process for the end of the run, and ends at the next restart
// (docs/performance.md, entry W2).
//
// Every time is ms since the epoch on this one machine: the scripts take performance.timeOrigin + performance.now(),
// brum's report Date.now() (whole ms). Where the time goes comes from brum's report (the old run's endedAt, the new
// one's startedAt) and from when its `[brum] api restarting: …` note reached the bench through the pipe. brum's
// instance folders (socket, token) go under the temporary folder (BRUM_RUNTIME_DIR) and away with it.
//
// Env: BENCH_TRIALS (default 30 per configuration and runner), BENCH_DEBOUNCES=300,0 (the configurations),
// BENCH_BRUM=/path/to/bin/brum.js (default this tree's: e.g. a built copy of a commit, so that a rebuild of dist/ in
// this tree meanwhile cannot change the runs).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fmt } from '../lib/measure';
import { printTable } from '../lib/table';
import { reportLeftovers } from '../lib/leftovers';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 30);
/**
 * brum's flap guard suspends the watch at the 11th restart within a minute; 8 saves leave room for two saves that
 * restart twice (an in-place save is sometimes reported as two changes a few ms apart: with `debounce: 0` that is
 * one restart and one more at once, entry W2).
 */
const BATCH = 8;
/** The goal: save → restarted within the debounce + this, p95. */
const GOAL_OVER_DEBOUNCE_MS = 100;
const GAP_MIN_MS = 150;
const GAP_SPAN_MS = 250;
/** After the first run started: the watcher's first scan (10 files) is long done by then. */
const WARM_UP_MS = 500;
const WAIT_MS = 5_000;
const FILES = 10;

const ROOT = process.cwd();
const BIN = path.resolve(process.env.BENCH_BRUM ?? path.join(ROOT, 'bin/brum.js'));
const HERE = path.join(ROOT, 'bench/watch-restart');
const NODE = process.execPath;
// Every command line holds this folder's name, which is how leftovers are found at the end.
const TMP = mkdtempSync(path.join(os.tmpdir(), 'brum-bench-watch-restart-'));

interface Config {
  readonly name: string;
  readonly debounceMs: number;
  readonly yaml: string;
}
const ALL_CONFIGS: readonly Config[] = [
  { name: 'watch: src (debounce 300 ms)', debounceMs: 300, yaml: 'src' },
  { name: 'debounce: 0', debounceMs: 0, yaml: '{ paths: src, debounce: 0 }' },
];
const wanted = process.env.BENCH_DEBOUNCES?.split(',').map((d) => Number(d.trim()));
const CONFIGS = ALL_CONFIGS.filter((c) => wanted === undefined || wanted.includes(c.debounceMs));
if (CONFIGS.length === 0) throw new Error(`BENCH_DEBOUNCES: none of ${ALL_CONFIGS.map((c) => c.debounceMs).join(', ')}`);
type Runner = 'brum' | 'floor';

/** Nearest-rank percentile (0..100). */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const pct = (xs: readonly number[], p: number, digits = 0): string => (xs.length === 0 ? '–' : fmt(percentile(xs, p), digits));
const both = (xs: readonly number[]): string[] => [pct(xs, 50), pct(xs, 95)];

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const now = (): number => performance.timeOrigin + performance.now();
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const isoMs = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);
/** The first of the ascending times `xs` at or after `t` (NaN if none). */
const firstAfter = (xs: readonly number[], t: number): number => xs.find((x) => x >= t) ?? NaN;

/** One run of app.mjs: when its process began (performance.timeOrigin) and when its first statement ran. */
interface Run {
  readonly origin: number;
  readonly first: number;
}

function readRuns(file: string): Run[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [origin, first] = l.split(' ').map(Number) as [number, number];
      return { origin, first };
    });
}

/** Waits until `file` holds more than `n` runs, and returns them all; throws after WAIT_MS. */
async function waitForMore(file: string, n: number, what: string): Promise<Run[]> {
  const deadline = performance.now() + WAIT_MS;
  for (;;) {
    const times = readRuns(file);
    if (times.length > n) return times;
    if (performance.now() > deadline) throw new Error(`${what}: no new run within ${WAIT_MS} ms (${times.length} runs)`);
    await pause(1);
  }
}

/** One trial: the save, and what each runner recorded about the restart that followed. */
interface Trial {
  /** save → the new process began (its performance.timeOrigin): what the goal is about. */
  started: number;
  /** save → new run's first statement (Node's bootstrap included). */
  total: number;
  /** save → trigger: brum's note reaching the bench; the floor's kill (the end of its debounce). */
  toTrigger: number;
  /** trigger → the old run's end (brum: endedAt of its report; floor: the exit event). */
  toGone: number;
  /** old run gone → new one spawned (brum: startedAt of its report; floor: the spawn event). */
  toSpawn: number;
  /** spawned → the new process began: the shell's fork and exec of node. */
  toStarted: number;
  /** began → first statement: Node's bootstrap, which the runner has no part in. */
  toRunning: number;
  /** Floor only: save → first fs.watch event. */
  toEvent?: number;
}

interface BatchResult {
  trials: Trial[];
  /** Restarts beyond one per save (brum: its `restarting` notes; the floor: its kills). */
  extra: number;
}

function stop(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what}: still running 10 s after SIGINT`));
    }, 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGINT');
  });
}

interface RunRecord {
  startedAt: string;
  endedAt: string | null;
}
interface Report {
  processes: Array<{ name: string; runs: RunRecord[] }>;
}

async function batch(config: Config, runner: Runner, index: number, saves: number): Promise<BatchResult> {
  const label = `${runner} ${config.debounceMs} ms #${index}`;
  const dir = path.join(TMP, `${config.debounceMs}-${runner}-${index}`);
  const src = path.join(dir, 'src');
  mkdirSync(src, { recursive: true });
  for (let i = 0; i < FILES; i++) writeFileSync(path.join(src, `file${i}.ts`), `export const v = -1;\n`);
  const starts = path.join(dir, 'starts.txt');
  const app = `node ${q(path.join(HERE, 'app.mjs'))} ${q(starts)}`;
  const reportFile = path.join(dir, 'report.json');
  const floorFile = path.join(dir, 'floor.txt');
  const notes: number[] = [];
  /** brum's own lines, for the message when a save brings no restart. */
  const brumLines: string[] = [];
  let stderr = '';
  let child: ChildProcess;
  if (runner === 'brum') {
    const keep = `node ${q(path.join(HERE, 'app.mjs'))} ${q(path.join(dir, 'keep.txt'))}`;
    const yaml = ['processes:', '  api:', `    command: ${JSON.stringify(app)}`, `    watch: ${config.yaml}`, '  keep:', `    command: ${JSON.stringify(keep)}`, ''];
    writeFileSync(path.join(dir, 'brum.yaml'), yaml.join('\n'));
    // The instance folders (socket, token) go in the temporary folder too, and away with it.
    const env = { ...process.env, BRUM_RUNTIME_DIR: path.join(TMP, 'runtime') };
    child = spawn(NODE, [BIN, 'run', '-C', dir, '--no-color', '--report', reportFile], { stdio: ['ignore', 'pipe', 'pipe'], env });
    let rest = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      const at = now();
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('[brum] api restarting: ')) notes.push(at);
        if (line.startsWith('[brum]')) brumLines.push(line);
      }
    });
  } else {
    child = spawn(NODE, [path.join(HERE, 'floor.mjs'), src, String(config.debounceMs), app, floorFile], { stdio: ['ignore', 'ignore', 'pipe'] });
  }
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
  const saved: number[] = [];
  const running: Run[] = [];
  try {
    await waitForMore(starts, 0, `${label}, first run`);
    await pause(WARM_UP_MS);
    for (let i = 0; i < saves; i++) {
      await pause(GAP_MIN_MS + Math.random() * GAP_SPAN_MS);
      const n = readRuns(starts).length;
      const t0 = now();
      writeFileSync(path.join(src, `file${i % FILES}.ts`), `export const v = ${i};\n`);
      saved.push(t0);
      const times = await waitForMore(starts, n, `${label}, save ${i + 1}`).catch((error: Error) => {
        throw new Error(`${error.message}; brum's lines: ${brumLines.join(' | ')}; stderr: ${stderr.trim()}`);
      });
      running.push(times[n] as Run);
    }
    // Time for a second restart of the last save to show.
    await pause(Math.max(400, config.debounceMs + 200));
  } finally {
    await stop(child, label);
  }
  const runs = readRuns(starts);
  if (saved.length !== saves) throw new Error(`${label}: ${saved.length} of ${saves} saves done; ${stderr}`);

  // Each trial's records are found by time, not by count, so that one missing or late record cannot shift the rest.
  const trials: Trial[] = [];
  let extra: number;
  if (runner === 'brum') {
    const report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
    const apiRuns = report.processes.find((p) => p.name === 'api')?.runs ?? [];
    extra = notes.length - saves;
    if (extra !== 0 || apiRuns.length !== saves + 1 || runs.length !== saves + 1) {
      // A run killed before its first statement (a second restart at once) is in the report but wrote no line.
      console.log(`  ${label}: ${notes.length} restarts, ${apiRuns.length} runs in the report, ${runs.length} that ran, for ${saves} saves`);
    }
    const spawns = apiRuns.map((r) => isoMs(r.startedAt));
    for (let i = 0; i < saves; i++) {
      const t0 = saved[i] as number;
      const run = running[i] as Run;
      // The spawn of the run that wrote the line: the last before it began (startedAt is whole ms).
      let k = -1;
      spawns.forEach((t, j) => {
        if (j > 0 && t >= t0 - 1 && t <= run.origin + 1) k = j;
      });
      const note = firstAfter(notes, t0);
      const gone = k > 0 ? isoMs(apiRuns[k - 1]?.endedAt) : NaN;
      const spawned = k > 0 ? (spawns[k] as number) : NaN;
      trials.push({
        started: run.origin - t0,
        total: run.first - t0,
        toTrigger: note - t0,
        toGone: gone - note,
        toSpawn: spawned - gone,
        toStarted: run.origin - spawned,
        toRunning: run.first - run.origin,
      });
    }
  } else {
    const lines = readFileSync(floorFile, 'utf8').trim().split('\n').map((l) => l.split(' '));
    const of = (kind: string): number[] => lines.filter((l) => l[0] === kind).map((l) => Number(l[1]));
    const [events, kills, exits, spawns] = [of('event'), of('kill'), of('exit'), of('spawn')];
    extra = kills.length - saves;
    if (extra !== 0 || runs.length !== saves + 1 || events.length !== saves || kills.length !== saves || exits.length !== saves || spawns.length !== saves + 1) {
      console.log(`  ${label}: ${events.length} events, ${kills.length} kills, ${exits.length} exits, ${spawns.length} spawns for ${saves} saves`);
    }
    for (let i = 0; i < saves; i++) {
      const t0 = saved[i] as number;
      const run = running[i] as Run;
      const kill = firstAfter(kills, t0);
      const exit = firstAfter(exits, kill);
      const spawned = firstAfter(spawns, exit);
      trials.push({
        started: run.origin - t0,
        total: run.first - t0,
        toTrigger: kill - t0,
        toGone: exit - kill,
        toSpawn: spawned - exit,
        toStarted: run.origin - spawned,
        toRunning: run.first - run.origin,
        toEvent: firstAfter(events, t0) - t0,
      });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return { trials, extra };
}

/** Processes whose command line names the temporary folder: whatever a runner left behind. */

const failures: string[] = [];
const started = performance.now();
try {
  console.log(`Save → restarted: \`brum run\` (${BIN}) with api watching src; ${TRIALS} saves per configuration and runner,`);
  console.log(`in batches of ≤ ${BATCH} per runner process (brum's flap guard), brum and floor batches interleaved.`);
  console.log('floor: fs.watch(src, { recursive: true }), the same trailing debounce, SIGTERM to the group, respawn on exit.');
  const results = new Map<string, { trials: Trial[]; extra: number }>();
  const batches = Math.ceil(TRIALS / BATCH);
  for (const config of CONFIGS) {
    for (let b = 0; b < batches; b++) {
      const saves = Math.min(BATCH, TRIALS - b * BATCH);
      for (const runner of (b % 2 === 0 ? ['brum', 'floor'] : ['floor', 'brum']) as Runner[]) {
        const key = `${config.name}/${runner}`;
        const acc = results.get(key) ?? { trials: [], extra: 0 };
        results.set(key, acc);
        try {
          const r = await batch(config, runner, b, saves);
          acc.trials.push(...r.trials);
          acc.extra += r.extra;
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }
    console.log(`  … ${config.name} done (${fmt((performance.now() - started) / 1000)} s)`);
  }
  const get = (c: Config, r: Runner, f: (t: Trial) => number | undefined): number[] =>
    (results.get(`${c.name}/${r}`)?.trials ?? []).map(f).filter((x): x is number => x !== undefined && Number.isFinite(x));

  let missed = false;
  const mainTable = (title: string, f: (t: Trial) => number, judge: boolean): void => {
    console.log(`\n${title}`);
    printTable(
      ['config', 'n', 'brum p50', 'brum p95', 'floor p50', 'floor p95', 'brum−debounce p50', 'p95', 'brum−floor p50', 'p95', judge ? 'verdict' : ''],
      CONFIGS.map((c) => {
        const b = get(c, 'brum', f);
        const fl = get(c, 'floor', f);
        const goal = c.debounceMs + GOAL_OVER_DEBOUNCE_MS;
        const ok = b.length >= TRIALS * 0.9 && percentile(b, 95) <= goal;
        if (judge) missed ||= !ok;
        return [
          c.name,
          `${b.length}/${fl.length}`,
          ...both(b),
          ...both(fl),
          fmt(percentile(b, 50) - c.debounceMs),
          fmt(percentile(b, 95) - c.debounceMs),
          fmt(percentile(b, 50) - percentile(fl, 50)),
          fmt(percentile(b, 95) - percentile(fl, 95)),
          judge ? `${ok ? 'PASS' : 'MISS'} (p95 ≤ ${goal})` : '',
        ];
      }),
    );
  };
  mainTable('save → new process started (its performance.timeOrigin), ms:', (t) => t.started, true);
  mainTable("save → new process running its first statement, ms (Node's bootstrap included, in both):", (t) => t.total, false);
  const extras = CONFIGS.map((c) => `${c.debounceMs} ms: ${results.get(`${c.name}/brum`)?.extra ?? 0} brum, ${results.get(`${c.name}/floor`)?.extra ?? 0} floor`);
  console.log(`n: brum/floor. Restarts beyond one per save (a save restarting twice): ${extras.join('; ')}.`);

  console.log('\nwhere the time goes, p50 / p95 in ms:');
  const cell = (xs: number[]): string => `${pct(xs, 50)} / ${pct(xs, 95)}`;
  printTable(
    ['config / runner', 'save→fs event', 'save→trigger', 'trigger→old gone', 'gone→spawned', 'spawned→started', 'started→first stmt'],
    CONFIGS.flatMap((c) =>
      (['brum', 'floor'] as const).map((r) => [
        `${c.debounceMs} ms / ${r}`,
        r === 'floor' ? cell(get(c, r, (t) => t.toEvent)) : '',
        cell(get(c, r, (t) => t.toTrigger)),
        cell(get(c, r, (t) => t.toGone)),
        cell(get(c, r, (t) => t.toSpawn)),
        cell(get(c, r, (t) => t.toStarted)),
        cell(get(c, r, (t) => t.toRunning)),
      ]),
    ),
  );
  console.log("trigger: brum's `[brum] api restarting: …` note reaching the bench (the debounce included); the floor's kill.");
  console.log("old gone: brum's endedAt of the old run (pipes closed, group gone); the floor's exit event. spawned: brum's");
  console.log("startedAt (the spawn event, whole ms); the floor's spawn event. started: the new process's timeOrigin.");
  if (missed) console.log('\nat least one MISS above');
} finally {
  // Runners stop what they started; anything still alive after a grace period is a bug worth a line, then killed.
  const left = await reportLeftovers(path.basename(TMP), 2000);
  console.log(`total ${fmt((performance.now() - started) / 1000)} s`);
  rmSync(TMP, { recursive: true, force: true });
  for (const f of failures) console.log(`failed: ${f}`);
  if (failures.length > 0 || left.length > 0) process.exitCode = 1;
}
