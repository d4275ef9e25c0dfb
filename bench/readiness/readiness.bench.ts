// Readiness → dependent spawned, and crash → restarted, through the real CLI (issue 13, acceptance point 6).
//
// Readiness: a temporary project with `db` (bench/readiness/db.mjs: becomes ready 150–400 ms after it starts, at a
// random moment, and writes that moment down) and `api` (depends_on: { db: ready }), run as
// `brum run -C DIR --kill-others --report FILE api` with the default probe settings (an attempt every 100 ms).
// Measured: from the moment db became ready (its own clock) to the moment brum spawned api (runs[].startedAt of
// --report, taken when the spawn event arrives), for tcp, http and log probes. The same script pair under the floor
// runner (bench/readiness/floor.mjs: a check every 10 ms, or on every chunk of output for log; spawn the moment it
// passes), in the same loop, brum and floor interleaved and alternating which goes first.
// Also shown: where the time goes (ready → check passed → api spawned; brum's "passed" is db's startedAt + readyMs
// of the report), and ready → api running its first statement (api's own clock, Node's start-up included).
//
// Crash → restarted: bench/readiness/crash.mjs exits 1 at once; brum restarts it with
// `restart: { policy: on-failure, delay: 0, max_restarts: N }`. Measured: from the crashed run's last statement to
// the next spawn (brum's startedAt), against a floor that respawns on the exit event.
//
// Every time is ms since the epoch on this one machine: the scripts take performance.timeOrigin + performance.now(),
// brum's report Date.now() (whole ms, so brum's times read up to 1 ms early). Peers, for context only (not
// installed, not run): process-compose probes every 10 s by default, docker compose healthchecks every 30 s.
//
// Env: BENCH_TRIALS (default 30 per probe kind), BENCH_KINDS=tcp,http,log, BENCH_RESTARTS (default 15 per run,
// two runs of each runner), BENCH_BRUM=/path/to/bin/brum.js (default this tree's: e.g. a built copy of a commit,
// so that a rebuild of dist/ in this tree during the ~3 minutes cannot break or change the runs).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fmt } from '../lib/measure';
import { printTable } from '../lib/table';
import { reportLeftovers } from '../lib/leftovers';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 30);
const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 15);
const KINDS_ALL = ['tcp', 'http', 'log'] as const;
type Kind = (typeof KINDS_ALL)[number];
const KINDS = (process.env.BENCH_KINDS?.split(',').map((s) => s.trim()) ?? [...KINDS_ALL]) as Kind[];
for (const k of KINDS) if (!KINDS_ALL.includes(k)) throw new Error(`BENCH_KINDS: unknown kind ${k} (known: ${KINDS_ALL.join(', ')})`);
/** The issue's goal: dependents spawned within 150 ms (p95) of readiness, default settings. */
const GOAL_P95_MS = 150;
const DELAY_MIN_MS = 150;
const DELAY_SPAN_MS = 250;
const RUN_TIMEOUT_MS = 20_000;
const LOG_PATTERN = 'ready to accept connections';

const ROOT = process.cwd();
const BIN = path.resolve(process.env.BENCH_BRUM ?? path.join(ROOT, 'bin/brum.js'));
const HERE = path.join(ROOT, 'bench/readiness');
const NODE = process.execPath;
// Every command line holds this folder's name, which is how leftovers are found at the end.
const TMP = mkdtempSync(path.join(os.tmpdir(), 'brum-bench-readiness-'));

/** Nearest-rank percentile (0..100). */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const p50 = (xs: readonly number[]): string => (xs.length === 0 ? '–' : fmt(percentile(xs, 50)));
const p95 = (xs: readonly number[]): string => (xs.length === 0 ? '–' : fmt(percentile(xs, 95)));
const both = (xs: readonly number[]): string[] => [p50(xs), p95(xs)];

/** A port nobody listens on right now: bound to 0 and released. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
const readMs = (file: string): number => Number(readFileSync(file, 'utf8').trim());
const isoMs = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);

/** Runs a runner to its end, headless, stdout discarded; resolves with the end of its stderr, throws if it hangs. */
function runToEnd(args: string[], what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(NODE, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr = (stderr + d).slice(-2000)));
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      reject(new Error(`${what}: still running after ${RUN_TIMEOUT_MS} ms; stderr: ${stderr}`));
    }, RUN_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // brum's exit code depends on --success and the db's SIGTERM; the report says what happened.
      if (signal !== null) reject(new Error(`${what}: ended by ${signal}; stderr: ${stderr}`));
      else resolve(`exit code ${code}; stderr: ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    });
  });
}

interface RunRecord {
  startedAt: string;
  endedAt: string | null;
  exitCode: number | null;
  readyMs: number | null;
}
interface Report {
  processes: Array<{ name: string; runs: RunRecord[] }>;
}
const runsOf = (report: Report, name: string): RunRecord[] => report.processes.find((p) => p.name === name)?.runs ?? [];

function readReport(file: string, what: string, ended: string): Report {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Report;
  } catch {
    throw new Error(`${what}: no report (${ended})`);
  }
}

function probeYaml(kind: Kind, port: number): string {
  if (kind === 'tcp') return `{ tcp: ${port} }`;
  if (kind === 'http') return `{ http: "http://127.0.0.1:${port}/health" }`;
  return `{ log: "${LOG_PATTERN}" }`;
}

type Runner = 'brum' | 'floor';

interface Trial {
  /** ready → the runner's spawn of api (the figure the goal is about). */
  spawned: number;
  /** ready → api's first statement (Node's start-up of api included). */
  running: number;
  /** ready → the check passed (brum: db's startedAt + readyMs of the report), and check passed → api spawned. */
  probeLag: number;
  toSpawn: number;
}

async function trial(kind: Kind, runner: Runner, n: number): Promise<Trial> {
  const dir = path.join(TMP, `${kind}-${runner}-${n}`);
  mkdirSync(dir);
  const port = await freePort();
  const delay = Math.round(DELAY_MIN_MS + Math.random() * DELAY_SPAN_MS);
  const readyFile = path.join(dir, 'ready.txt');
  const apiFile = path.join(dir, 'api.txt');
  const dbCommand = `node ${q(path.join(HERE, 'db.mjs'))} ${kind} ${port} ${delay} ${q(readyFile)}`;
  const apiCommand = `node ${q(path.join(HERE, 'api.mjs'))} ${q(apiFile)}`;
  let spawnedAt: number;
  let passedAt: number;
  if (runner === 'brum') {
    const yaml = [
      'processes:',
      '  db:',
      `    command: ${JSON.stringify(dbCommand)}`,
      `    ready: ${probeYaml(kind, port)}`,
      '  api:',
      `    command: ${JSON.stringify(apiCommand)}`,
      '    depends_on: { db: ready }',
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'brum.yaml'), yaml);
    const reportFile = path.join(dir, 'report.json');
    const what = `brum ${kind} #${n}`;
    const ended = await runToEnd([BIN, 'run', '-C', dir, '--no-color', '--kill-others', '--report', reportFile, 'api'], what);
    const report = readReport(reportFile, what, ended);
    const db = runsOf(report, 'db')[0];
    const api = runsOf(report, 'api')[0];
    if (!db || !api || db.readyMs === null || api.exitCode !== 0) throw new Error(`${what}: unexpected report ${JSON.stringify(report)}`);
    spawnedAt = isoMs(api.startedAt);
    passedAt = isoMs(db.startedAt) + db.readyMs;
  } else {
    const spawnFile = path.join(dir, 'spawn.txt');
    const args = ['ready', kind, String(port), LOG_PATTERN, dbCommand, apiCommand, spawnFile];
    await runToEnd([path.join(HERE, 'floor.mjs'), ...args], `floor ${kind} #${n}`);
    [passedAt, spawnedAt] = readFileSync(spawnFile, 'utf8').trim().split('\n').map(Number) as [number, number];
  }
  const ready = readMs(readyFile);
  const running = readMs(apiFile);
  // Started before db was ready: the probe passed on something else (the port taken by another program, say).
  if (!(spawnedAt >= ready - 1)) {
    throw new Error(`${runner} ${kind} #${n}: api spawned ${fmt(ready - spawnedAt, 1)} ms before db was ready`);
  }
  rmSync(dir, { recursive: true, force: true });
  return { spawned: spawnedAt - ready, running: running - ready, probeLag: passedAt - ready, toSpawn: spawnedAt - passedAt };
}

/** Crash → restarted: gaps from each run's last statement to the next spawn, and to the next run's first statement. */
async function restarts(runner: Runner, round: number): Promise<{ spawned: number[]; running: number[]; seen?: number[] }> {
  const dir = path.join(TMP, `crash-${runner}-${round}`);
  mkdirSync(dir);
  const out = path.join(dir, 'crash.txt');
  const command = `node ${q(path.join(HERE, 'crash.mjs'))} ${q(out)}`;
  let spawns: number[];
  let seen: number[] | undefined;
  if (runner === 'brum') {
    const yaml = [
      'processes:',
      '  crash:',
      `    command: ${JSON.stringify(command)}`,
      `    restart: { policy: on-failure, delay: 0, max_restarts: ${RESTARTS} }`,
      '',
    ].join('\n');
    writeFileSync(path.join(dir, 'brum.yaml'), yaml);
    const reportFile = path.join(dir, 'report.json');
    const what = `brum crash #${round}`;
    const ended = await runToEnd([BIN, 'run', '-C', dir, '--no-color', '--report', reportFile, 'crash'], what);
    const runs = runsOf(readReport(reportFile, what, ended), 'crash');
    spawns = runs.map((r) => isoMs(r.startedAt));
    // brum's own view: from recording the exit (pipes closed) to the next spawn.
    seen = runs.slice(1).map((r, i) => isoMs(r.startedAt) - isoMs(runs[i]?.endedAt));
  } else {
    const spawnFile = path.join(dir, 'spawn.txt');
    await runToEnd([path.join(HERE, 'floor.mjs'), 'restart', String(RESTARTS), command, spawnFile], `floor crash #${round}`);
    spawns = readFileSync(spawnFile, 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[1]));
  }
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => l.split(' '));
  const starts = lines.filter((l) => l[0] === 'start').map((l) => Number(l[1]));
  const exits = lines.filter((l) => l[0] === 'exit').map((l) => Number(l[1]));
  if (spawns.length !== RESTARTS + 1 || starts.length !== RESTARTS + 1) {
    throw new Error(`${runner} crash #${round}: ${spawns.length} spawns and ${starts.length} runs, expected ${RESTARTS + 1}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    spawned: spawns.slice(1).map((s, i) => s - (exits[i] as number)),
    running: starts.slice(1).map((s, i) => s - (exits[i] as number)),
    ...(seen ? { seen } : {}),
  };
}

/** Interleaved, and alternating which runner goes first, so drift in the machine's speed lands on both. */
const pairOrder = (i: number): readonly Runner[] => (i % 2 === 0 ? ['brum', 'floor'] : ['floor', 'brum']);
const failures: string[] = [];

async function readinessSection(): Promise<boolean> {
  console.log(
    `Readiness → dependent spawned: db becomes ready ${DELAY_MIN_MS}–${DELAY_MIN_MS + DELAY_SPAN_MS} ms after it starts; ` +
      `api depends_on { db: ready }; ${TRIALS} trials per kind and runner, interleaved.`,
  );
  console.log(`brum (${BIN}): \`brum run --kill-others --report api\`, default probe settings (period 100 ms).`);
  console.log('floor: a Node script checking every 10 ms (log: on every chunk), spawning api the moment the check passes.');
  const results = new Map<string, Trial[]>();
  const t0 = performance.now();
  for (let i = 0; i < TRIALS; i++) {
    for (const kind of KINDS) {
      for (const runner of pairOrder(i)) {
        try {
          const t = await trial(kind, runner, i);
          results.set(`${kind}/${runner}`, [...(results.get(`${kind}/${runner}`) ?? []), t]);
        } catch (error) {
          failures.push((error as Error).message);
        }
      }
    }
    if ((i + 1) % 10 === 0) console.log(`  … ${i + 1} of ${TRIALS} trials (${fmt((performance.now() - t0) / 1000)} s)`);
  }
  const get = (kind: Kind, runner: Runner, f: (t: Trial) => number): number[] => (results.get(`${kind}/${runner}`) ?? []).map(f);

  console.log('\nready → api spawned, ms (n = trials that completed, brum/floor):');
  let missed = false;
  const diff = (b: number[], f: number[], p: number): string => fmt(percentile(b, p) - percentile(f, p));
  printTable(
    ['kind', 'n', 'brum p50', 'brum p95', 'floor p50', 'floor p95', 'brum−floor p50', 'p95', `verdict (brum p95 ≤ ${GOAL_P95_MS})`],
    KINDS.map((kind) => {
      const b = get(kind, 'brum', (t) => t.spawned);
      const f = get(kind, 'floor', (t) => t.spawned);
      const ok = b.length >= TRIALS * 0.9 && percentile(b, 95) <= GOAL_P95_MS;
      missed ||= !ok;
      return [kind, `${b.length}/${f.length}`, p50(b), p95(b), p50(f), p95(f), diff(b, f, 50), diff(b, f, 95), ok ? 'PASS' : 'MISS'];
    }),
  );

  console.log("\nwhere the time goes, and ready → api running its first statement (api's Node start-up included), ms:");
  printTable(
    ['kind / runner', 'ready→passed p50', 'p95', 'passed→spawned p50', 'p95', 'max', 'ready→running p50', 'p95'],
    KINDS.flatMap((kind) =>
      (['brum', 'floor'] as const).map((runner) => {
        const toSpawn = get(kind, runner, (t) => t.toSpawn);
        return [
          `${kind} / ${runner}`,
          ...both(get(kind, runner, (t) => t.probeLag)),
          ...both(toSpawn),
          toSpawn.length === 0 ? '–' : fmt(Math.max(...toSpawn)),
          ...both(get(kind, runner, (t) => t.running)),
        ];
      }),
    ),
  );
  console.log("ready→passed: until the check passed (brum: db's startedAt + readyMs of the report, whole ms).");
  console.log("passed→spawned: from there to api's spawn event. ready→running: to api's first statement, by its own clock.");
  console.log('Peers, for context (not run): process-compose probes every 10 s by default, docker compose healthchecks every 30 s.');
  return !missed;
}

async function crashSection(): Promise<void> {
  console.log(`\nCrash → restarted (restart: { policy: on-failure, delay: 0, max_restarts: ${RESTARTS} }), 2 runs per runner, interleaved:`);
  const gaps = {
    brum: { spawned: [] as number[], running: [] as number[], seen: [] as number[] },
    floor: { spawned: [] as number[], running: [] as number[], seen: [] as number[] },
  };
  for (let round = 0; round < 2; round++) {
    for (const runner of pairOrder(round)) {
      try {
        const r = await restarts(runner, round);
        gaps[runner].spawned.push(...r.spawned);
        gaps[runner].running.push(...r.running);
        gaps[runner].seen.push(...(r.seen ?? []));
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
  }
  const { brum, floor } = gaps;
  const diff = (p: number): string => fmt(percentile(brum.spawned, p) - percentile(floor.spawned, p));
  printTable(
    ['runner', 'n', 'exit→spawned p50', 'p95', 'exit→running p50', 'p95', 'exit recorded→spawned p50', 'p95'],
    [
      ['brum', String(brum.spawned.length), ...both(brum.spawned), ...both(brum.running), ...both(brum.seen)],
      ['floor', String(floor.spawned.length), ...both(floor.spawned), ...both(floor.running), '', ''],
      ['brum−floor', '', diff(50), diff(95), '', '', '', ''],
    ],
  );
  console.log("exit: the crashed run's last statement (its Node tear-down follows); running: the next run's first statement;");
  console.log("exit recorded: brum's endedAt of the run, taken once its pipes closed.");
}

const started = performance.now();
try {
  const passed = await readinessSection();
  await crashSection();
  if (!passed) console.log('\nat least one MISS above');
} finally {
  // Runners stop what they started; anything still alive after a grace period is a bug worth a line, then killed.
  const left = await reportLeftovers(path.basename(TMP), 2000);
  console.log(`total ${fmt((performance.now() - started) / 1000)} s`);
  rmSync(TMP, { recursive: true, force: true });
  for (const f of failures) console.log(`failed: ${f}`);
  if (failures.length > 0 || left.length > 0) process.exitCode = 1;
}
