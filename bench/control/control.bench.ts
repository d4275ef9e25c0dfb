// The control plane under load (issue 15, acceptance point 5), through the real CLI and the real socket.
//
// Each run is a fresh temporary project (bench/control/flood.mjs as its children):
//   flood: prints 200 corpus lines, waits for a go file, prints BENCH_FLOOD_LINES (1M) lines of the corpus as fast
//          as brum takes them, then `flood done: N lines`, and writes down when it started and finished the flood;
//   idle:  prints nothing.
// run as `brum run -C DIR --no-color` with BRUM_RUNTIME_DIR in the temporary folder and its stdout on a pipe to
// `cat >/dev/null` (a fast reader, so brum's own cost is what shows).
//
// 1. API latency. A separate Node client (bench/control/hammer.mjs, one keep-alive connection) sends GET
//    /v1/processes and GET /v1/logs?name=flood&limit=100 in turn, back to back (BENCH_INTERVAL_MS=10: one every
//    10 ms), for 2 s against the idle brum (floor 1), then creates the go file and goes on until the flood is done.
//    Floor 2: a trivial Node HTTP server on a unix socket (bench/control/floor-server.mjs) answering the same bodies.
//    Also the flood's own wall time (its first write to its last) with the client hammering and without a client, in
//    interleaved runs, against the same flood straight into `cat` with no brum: does the API slow the children?
//    And, over the idle phase, the CPU each server and the client spent per request, and how many requests went out
//    on a new connection (the client keeps one alive; a server's Keep-Alive hint can make it drop it).
// 2. `brum ps --json` against an idle brum, next to `node -e 0`, `brum --version` and a minimal Node client of the
//    same route (bench/control/ps-floor.mjs): BENCH_PS_RUNS (20) rounds, interleaved, the order rotated each round,
//    one warm-up of each first.
// 3. `brum logs -f -C DIR flood --json -n 1` during the flood, read by this process: lines received against lines
//    written, the evictions the follower reported on stderr (`[brum] N lines evicted before they could be read`),
//    and lines with a seq missing that it did not report; lines/s from the go to the `flood done` line reaching us.
//    Then a second follower on the now idle brum, from the oldest line it still holds: the follower's own pace.
//    Floor: the same flood on a pipe straight into the same reader.
//
// Env: BENCH_CORPORA (default plain,ansi), BENCH_FLOOD_LINES (1,000,000), BENCH_TRIALS (3 per corpus and section),
// BENCH_PS_RUNS (20), BENCH_INTERVAL_MS (0: back to back), BENCH_SECTIONS=api,ps,follow (default all),
// BENCH_BRUM=/path/to/bin/brum.js (default this tree's; a built copy keeps a rebuild of dist/ out of the runs).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CORPUS_NAMES, type CorpusName } from '../corpora/corpora.mjs';
import { instancePaths } from '../../src/control/instance-paths';
import { fmt } from '../lib/measure';
import { chosenCorpora, median, printTable } from '../lib/table';
import { apiGet, pause, pollUntil } from '../lib/api';
import { reportLeftovers } from '../lib/leftovers';

const LINES = Number(process.env.BENCH_FLOOD_LINES ?? 1_000_000);
const TRIALS = Number(process.env.BENCH_TRIALS ?? 3);
const PS_RUNS = Number(process.env.BENCH_PS_RUNS ?? 20);
const INTERVAL_MS = Number(process.env.BENCH_INTERVAL_MS ?? 0);
const IDLE_MS = 2000;
const PREAMBLE = 200;
const CORPORA: CorpusName[] = process.env.BENCH_CORPORA ? chosenCorpora(CORPUS_NAMES) : ['plain', 'ansi'];
const SECTIONS_ALL = ['api', 'ps', 'follow'] as const;
const SECTIONS = process.env.BENCH_SECTIONS?.split(',').map((s) => s.trim()) ?? [...SECTIONS_ALL];
for (const s of SECTIONS) if (!(SECTIONS_ALL as readonly string[]).includes(s)) throw new Error(`BENCH_SECTIONS: unknown ${s}`);
const RUN_TIMEOUT_MS = 180_000;

const ROOT = process.cwd();
const BIN = path.resolve(process.env.BENCH_BRUM ?? path.join(ROOT, 'bin/brum.js'));
const HERE = path.join(ROOT, 'bench/control');
const FLOOD = path.join(HERE, 'flood.mjs');
const NODE = process.execPath;
// Every command line of the bench's processes holds this folder's name: how leftovers are found at the end.
const TMP = mkdtempSync(path.join(os.tmpdir(), 'brum-bench-control-'));
const RUNTIME = path.join(TMP, 'rt');
mkdirSync(RUNTIME, { mode: 0o700 });
const ENV = { ...process.env, BRUM_RUNTIME_DIR: RUNTIME };

const now = (): number => performance.timeOrigin + performance.now();
const q = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

/** Nearest-rank percentile (0..100). */
function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] ?? NaN;
}
const ms = (x: number): string => (Number.isNaN(x) ? '–' : x < 10 ? fmt(x, 2) : x < 100 ? fmt(x, 1) : fmt(x));
const ratio = (a: number, b: number): string => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}×` : '–');
const spread = (xs: readonly number[]): string =>
  xs.length === 0 ? '–' : `${median(xs).toFixed(2)}× (${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)})`;

// ---------------------------------------------------------------------------------------------------------------
// Projects, brum, files

interface Project {
  readonly dir: string;
  readonly go: string;
  readonly done: string;
}

let projects = 0;
function project(corpus: CorpusName): Project {
  const dir = path.join(TMP, `p${++projects}-${corpus}`);
  mkdirSync(dir);
  const go = path.join(dir, 'go');
  const done = path.join(dir, 'done');
  const yaml = [
    'processes:',
    '  flood:',
    `    command: ${JSON.stringify(`node ${q(FLOOD)} flood ${corpus} ${LINES} ${PREAMBLE} ${q(go)} ${q(done)}`)}`,
    '  idle:',
    `    command: ${JSON.stringify(`node ${q(FLOOD)} idle ${q(dir)}`)}`,
    '',
  ].join('\n');
  writeFileSync(path.join(dir, 'brum.yaml'), yaml);
  return { dir, go, done };
}

interface Running {
  readonly child: ChildProcess;
  readonly socket: string;
  readonly token: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}


const waitFor = <T>(what: string, check: () => T | null | Promise<T | null>, timeoutMs = 20_000, everyMs = 10): Promise<T> =>
  pollUntil(what, check, timeoutMs, everyMs);

/** `brum run -C DIR --no-color`, stdout → pipe → cat → /dev/null; resolves once its API answers and the preamble is in. */
async function startBrum(p: Project): Promise<Running> {
  const child = spawn(NODE, [BIN, 'run', '-C', p.dir, '--no-color'], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  spawn('cat', [], { stdio: [child.stdout as NodeJS.ReadableStream & { fd?: number } as never, 'ignore', 'ignore'] });
  const running: Running = {
    child,
    socket: '',
    token: '',
    stderr: '',
    exited: new Promise((resolve) =>
      child.once('exit', (code) => {
        // Never read here (cat reads it): without this it would hold the pipe open.
        child.stdout?.destroy();
        resolve(code);
      }),
    ),
  };
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (d: string) => (running.stderr = (running.stderr + d).slice(-2000)));
  let gone = false;
  void running.exited.then(() => (gone = true));
  const paths = instancePaths(p.dir, ENV);
  const token = await waitFor('the token file', () => {
    if (gone) throw new Error(`brum exited before its API was up: ${running.stderr}`);
    try {
      return readFileSync(paths.token, 'utf8').trim() || null;
    } catch {
      return null;
    }
  });
  await waitFor('/v1/health', async () => {
    try {
      return (await apiGet(paths.socket, token, '/v1/health')).status === 200 ? true : null;
    } catch {
      return null;
    }
  });
  // The preamble in the log, so reads of the newest lines (and the follower's first) have lines to return.
  await waitFor('the preamble', async () => {
    const body = JSON.parse((await apiGet(paths.socket, token, '/v1/processes')).body) as { processes: Array<{ name: string; lines: number }> };
    return (body.processes.find((x) => x.name === 'flood')?.lines ?? 0) >= PREAMBLE ? true : null;
  });
  return Object.assign(running, { socket: paths.socket, token });
}

/** SIGTERM (brum stops its processes and exits), SIGKILL after 15 s. */
async function stopBrum(b: Running): Promise<void> {
  if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGTERM');
  const timer = setTimeout(() => b.child.kill('SIGKILL'), 15_000);
  await b.exited;
  clearTimeout(timer);
}

/** The flood's own "T0 T1" (go seen, last write returned), ms since the epoch. */
const readDone = (file: string): [number, number] => readFileSync(file, 'utf8').trim().split(' ').map(Number) as [number, number];

/** Runs a node script to its end; its stdout. */
async function runNode(args: string[], what: string): Promise<string> {
  const child = spawn(NODE, args, { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err = (err + d).slice(-2000)));
  const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${what}: exit ${code}: ${err}`);
  return out;
}

/** The flood straight into `cat >/dev/null`, no brum: its wall time (first write to last). */
async function floodIntoCat(corpus: CorpusName): Promise<number> {
  const child = spawn(NODE, [FLOOD, 'pipe', corpus, String(LINES), TMP], { stdio: ['ignore', 'pipe', 'pipe'] });
  spawn('cat', [], { stdio: [child.stdout as never, 'ignore', 'ignore'] });
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  await once(child, 'exit');
  child.stdout.destroy();
  const [t0, t1] = err.trim().split(' ').map(Number) as [number, number];
  return t1 - t0;
}

const failures: string[] = [];

// ---------------------------------------------------------------------------------------------------------------
// 1. API latency during a flood

interface Latencies {
  processes: number[];
  logs: number[];
}
interface HammerResult {
  idle: Latencies;
  flood: Latencies | null;
  errors: number;
  bytes: Record<'idle' | 'flood', { processes: number; logs: number }>;
  /** CPU ms of the server and of the client over the idle phase, and the requests in it. */
  cpu: { server: number; client: number; requests: number; connections: number };
}
const ROUTES = ['processes', 'logs'] as const;

function hammerArgs(socket: string, tokenFile: string, serverPid: number, go?: Project): string[] {
  return [path.join(HERE, 'hammer.mjs'), socket, tokenFile, 'flood', String(IDLE_MS), String(INTERVAL_MS), String(serverPid), ...(go ? [go.go, go.done] : [])];
}

async function apiSection(): Promise<void> {
  console.log(
    `\n1. API latency: GET /v1/processes and GET /v1/logs?name=flood&limit=100 in turn, ${INTERVAL_MS > 0 ? `one every ${INTERVAL_MS} ms` : 'back to back'}, ` +
      `one keep-alive connection, from a separate Node process; ${TRIALS} runs per corpus, ${fmt(LINES)}-line floods.`,
  );
  const lat = new Map<string, number[]>();
  const add = (key: string, xs: readonly number[]): void => void lat.set(key, [...(lat.get(key) ?? []), ...xs]);
  const walls = new Map<string, { hammered: number[]; quiet: number[]; cat: number[]; pairs: number[]; served: number[]; bytes: string }>();
  /** CPU ms per request over idle phases: brum, the trivial server, the client. */
  const cpu = new Map<string, number[]>();
  const addCpu = (key: string, c: HammerResult['cpu']): void => void cpu.set(key, [...(cpu.get(key) ?? []), c.requests > 0 ? c.server / c.requests : NaN]);
  const addClient = (key: string, c: HammerResult['cpu']): void => void cpu.set(key, [...(cpu.get(key) ?? []), c.requests > 0 ? c.client / c.requests : NaN]);
  /** New connections ÷ requests over idle phases: 1.00 when every request reconnects. */
  const addConns = (key: string, c: HammerResult['cpu']): void => void cpu.set(key, [...(cpu.get(key) ?? []), c.requests > 0 ? c.connections / c.requests : NaN]);
  for (const corpus of CORPORA) {
    const w = { hammered: [] as number[], quiet: [] as number[], cat: [] as number[], pairs: [] as number[], served: [] as number[], bytes: '' };
    walls.set(corpus, w);
    for (let i = 0; i < TRIALS; i++) {
      let hammered = NaN;
      let quiet = NaN;
      for (const variant of i % 2 === 0 ? (['hammered', 'quiet', 'cat'] as const) : (['cat', 'quiet', 'hammered'] as const)) {
        try {
          if (variant === 'cat') {
            w.cat.push(await floodIntoCat(corpus));
            continue;
          }
          const p = project(corpus);
          const b = await startBrum(p);
          let bodies: [string, string] | null = null;
          try {
            if (variant === 'hammered') {
              const tokenFile = instancePaths(p.dir, ENV).token;
              // The bodies the trivial server will answer with, as brum gives them while idle.
              const procs = await apiGet(b.socket, b.token, '/v1/processes');
              const logs = await apiGet(b.socket, b.token, '/v1/logs?name=flood&limit=100');
              const r = JSON.parse(await runNode(hammerArgs(b.socket, tokenFile, b.child.pid as number, p), 'hammer')) as HammerResult;
              if (r.errors > 0) failures.push(`api ${corpus} #${i}: ${r.errors} requests failed`);
              const [t0, t1] = readDone(p.done);
              hammered = t1 - t0;
              w.hammered.push(hammered);
              w.served.push(((r.flood?.processes.length ?? 0) + (r.flood?.logs.length ?? 0)) / ((t1 - t0) / 1000));
              w.bytes = `${fmt(r.bytes.idle.processes)}→${fmt(r.bytes.flood.processes)} / ${fmt(r.bytes.idle.logs)}→${fmt(r.bytes.flood.logs)}`;
              addCpu(`${corpus}/brum`, r.cpu);
              addClient(`${corpus}/client`, r.cpu);
              addConns(`${corpus}/brum-conns`, r.cpu);
              for (const route of ROUTES) {
                add(`${corpus}/flooding/${route}`, r.flood?.[route] ?? []);
                add(`${corpus}/idle/${route}`, r.idle[route]);
              }
              bodies = [procs.body, logs.body];
            } else {
              await pause(IDLE_MS + 300);
              writeFileSync(p.go, '');
              await waitFor('the flood to end', () => (existsSync(p.done) ? true : null), RUN_TIMEOUT_MS, 20);
              const [t0, t1] = readDone(p.done);
              quiet = t1 - t0;
              w.quiet.push(quiet);
            }
          } finally {
            await stopBrum(b);
          }
          // Floor 2, right after (brum gone): the trivial server with the same bodies.
          if (bodies) {
            const c = await floorServer(corpus, i, bodies[0], bodies[1], add);
            addCpu(`${corpus}/trivial`, c);
            addConns(`${corpus}/trivial-conns`, c);
          }
        } catch (error) {
          failures.push(`api ${corpus} #${i} ${variant}: ${(error as Error).message}`);
        }
      }
      if (Number.isFinite(hammered / quiet)) w.pairs.push(hammered / quiet);
    }
    console.log(`  … ${corpus} done`);
  }

  console.log('\nlatency, ms (all runs pooled; × = ratio to the same percentile of the idle brum, and of the trivial server):');
  const rows: string[][] = [];
  for (const corpus of CORPORA) {
    for (const route of ROUTES) {
      const idle = lat.get(`${corpus}/idle/${route}`) ?? [];
      const triv = lat.get(`${corpus}/trivial/${route}`) ?? [];
      for (const target of ['flooding', 'idle', 'trivial'] as const) {
        const xs = lat.get(`${corpus}/${target}/${route}`) ?? [];
        const p50 = percentile(xs, 50);
        const p99 = percentile(xs, 99);
        rows.push([
          `${corpus} ${route === 'processes' ? '/v1/processes' : '/v1/logs?limit=100'}`,
          target === 'flooding' ? 'brum, flooding' : target === 'idle' ? 'brum, idle (floor 1)' : 'trivial server (floor 2)',
          fmt(xs.length),
          ms(p50),
          ms(p99),
          ms(xs.length ? Math.max(...xs) : NaN),
          ratio(p50, percentile(idle, 50)),
          ratio(p99, percentile(idle, 99)),
          ratio(p50, percentile(triv, 50)),
          ratio(p99, percentile(triv, 99)),
        ]);
      }
    }
  }
  printTable(['route', 'target', 'n', 'p50', 'p99', 'max', 'p50 × idle', 'p99 × idle', 'p50 × trivial', 'p99 × trivial'], rows);

  console.log(`\nthe flood's own wall time (first write to last), median of ${TRIALS}, ms; hammered ÷ quiet per interleaved pair:`);
  printTable(
    [
      'corpus',
      'into cat, no brum',
      'brum, no client',
      'brum, hammered',
      'hammered ÷ quiet',
      'requests/s in the flood',
      'CPU ms/request, idle: brum / trivial / client',
      'new connections ÷ requests: brum / trivial',
      'body bytes idle→flooding: processes / logs',
    ],
    CORPORA.map((c) => {
      const w = walls.get(c);
      if (!w) return [c];
      const perReq = (k: string): string => ms(median(cpu.get(`${c}/${k}`) ?? []));
      return [
        c,
        ms(median(w.cat)),
        ms(median(w.quiet)),
        ms(median(w.hammered)),
        spread(w.pairs),
        w.served.length ? fmt(median(w.served)) : '–',
        `${perReq('brum')} / ${perReq('trivial')} / ${perReq('client')}`,
        `${median(cpu.get(`${c}/brum-conns`) ?? []).toFixed(2)} / ${median(cpu.get(`${c}/trivial-conns`) ?? []).toFixed(2)}`,
        w.bytes,
      ];
    }),
  );
  console.log("CPU ms/request: user + system time over the idle phase (brum's from /proc, 10 ms ticks) ÷ requests answered.");
  console.log('new connections ÷ requests: over the idle phase, on one keep-alive agent (maxSockets 1).');
}

async function floorServer(
  corpus: CorpusName,
  i: number,
  processes: string,
  logs: string,
  add: (key: string, xs: readonly number[]) => void,
): Promise<HammerResult['cpu']> {
  const dir = path.join(TMP, `floor-${corpus}-${i}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, 'processes.json'), processes);
  writeFileSync(path.join(dir, 'logs.json'), logs);
  const socket = path.join(dir, 'api.sock');
  const server = spawn(NODE, [path.join(HERE, 'floor-server.mjs'), socket, path.join(dir, 'processes.json'), path.join(dir, 'logs.json')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.stdout?.once('data', () => resolve());
      server.once('exit', (code) => reject(new Error(`floor server exited ${code}`)));
    });
    const r = JSON.parse(await runNode(hammerArgs(socket, '-', server.pid as number), 'hammer (trivial)')) as HammerResult;
    for (const route of ROUTES) add(`${corpus}/trivial/${route}`, r.idle[route]);
    return r.cpu;
  } finally {
    server.kill('SIGTERM');
    if (server.exitCode === null) await once(server, 'exit');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// 2. brum ps --json

async function psSection(): Promise<void> {
  console.log(`\n2. \`brum ps --json\` against an idle brum (2 processes), ${PS_RUNS} rounds, interleaved, order rotated; wall ms of each process:`);
  const p = project('plain');
  const b = await startBrum(p);
  const paths = instancePaths(p.dir, ENV);
  const variants: Array<[string, string[]]> = [
    ['node -e 0', ['-e', '0']],
    ['floor: minimal client', [path.join(HERE, 'ps-floor.mjs'), paths.socket, paths.token]],
    ['brum --version', [BIN, '--version']],
    ['brum ps --json', [BIN, 'ps', '--json', '-C', p.dir]],
  ];
  const times = new Map<string, number[]>(variants.map(([n]) => [n, []]));
  try {
    const once_ = (args: string[], name: string): number => {
      const t0 = performance.now();
      const r = spawnSync(NODE, args, { env: ENV, encoding: 'utf8' });
      const t = performance.now() - t0;
      if (r.status !== 0) throw new Error(`${name}: exit ${r.status}: ${r.stderr}`);
      if (/ps --json|client/.test(name) && (JSON.parse(r.stdout) as { processes: unknown[] }).processes.length !== 2) throw new Error(`ps: ${r.stdout}`);
      return t;
    };
    for (const [name, args] of variants) once_(args, name);
    for (let round = 0; round < PS_RUNS; round++) {
      for (let k = 0; k < variants.length; k++) {
        const [name, args] = variants[(round + k) % variants.length] as [string, string[]];
        times.get(name)?.push(once_(args, name));
      }
    }
  } finally {
    await stopBrum(b);
  }
  const med = (n: string): number => median(times.get(n) ?? []);
  printTable(
    ['command', 'median', 'p90', 'min', 'max', '× node -e 0', '× minimal client', '× brum --version'],
    variants.map(([n]) => {
      const xs = times.get(n) ?? [];
      const by = (m: string): string => ratio(med(n), med(m));
      return [n, ms(med(n)), ms(percentile(xs, 90)), ms(Math.min(...xs)), ms(Math.max(...xs)), by('node -e 0'), by('floor: minimal client'), by('brum --version')];
    }),
  );
  console.log('minimal client: bench/control/ps-floor.mjs, http.request to the socket with the token, the body printed indented.');
}

// ---------------------------------------------------------------------------------------------------------------
// 3. brum logs -f during a flood

/** Reads newline-ended lines from a stream: counts them, and hands the seq of each JSON line to `onSeq`. */
class LineReader {
  lines = 0;
  firstAt = NaN;
  doneAt = NaN;
  private rest: Buffer = Buffer.alloc(0);
  constructor(
    private readonly json: boolean,
    private readonly onSeq: (seq: number) => void,
    private readonly onDone: () => void,
  ) {}

  feed(chunk: Buffer): void {
    if (Number.isNaN(this.firstAt)) this.firstAt = now();
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    let from = 0;
    let last = -1;
    for (let nl = buf.indexOf(10); nl !== -1; nl = buf.indexOf(10, from)) {
      this.lines++;
      // {"seq":123,…
      if (this.json) {
        let seq = 0;
        for (let k = from + 7; buf[k] !== 0x2c && k < nl; k++) seq = seq * 10 + ((buf[k] as number) - 48);
        this.onSeq(seq);
      }
      last = from;
      from = nl + 1;
    }
    this.rest = Buffer.from(buf.subarray(from));
    // The flood's last line is the last line anybody prints: look for it only at the end of a chunk.
    if (last !== -1 && Number.isNaN(this.doneAt) && buf.subarray(last, from).includes('flood done: ')) {
      this.doneAt = now();
      this.onDone();
    }
  }
}

interface FollowResult {
  received: number;
  reported: number;
  /** Eviction notices, and how many of them said exactly the line cap (50,000): the most the store will say. */
  reports: number;
  atCap: number;
  unreported: number;
  disorder: number;
  linesPerS: number;
  floodMs: number;
  lagMs: number;
  /** A second follower on the idle brum afterwards, from the oldest line still held: its own lines/s. */
  ceiling: number;
}

/** The line cap of a process's view in brum's log store (DEFAULT_LOG_STORE_OPTIONS.maxLinesPerProcess). */
const LINE_CAP = 50_000;

interface Follower {
  readonly reader: LineReader;
  readonly stderr: () => string;
  /** Resolves when the `flood done` line has reached us; rejects if the follower exits first or hangs. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/** `brum logs -f -C DIR flood --json …args`, its stdout read here. */
function follower(dir: string, args: string[], onSeq: (seq: number) => void): Follower {
  const child = spawn(NODE, [BIN, 'logs', '-f', '-C', dir, 'flood', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV });
  let stderr = '';
  let done = (): void => undefined;
  const doneSeen = new Promise<void>((resolve) => (done = resolve));
  const reader = new LineReader(true, onSeq, () => done());
  child.stdout.on('data', (c: Buffer) => reader.feed(c));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const timeout = pause(RUN_TIMEOUT_MS).then(() => 'timeout' as const);
  return {
    reader,
    stderr: () => stderr,
    done: Promise.race([doneSeen, exited.then(() => 'exited' as const), timeout]).then((r) => {
      if (r === 'timeout' || r === 'exited') throw new Error(`follower ${r === 'timeout' ? 'never saw the last line' : 'exited'}: ${stderr.slice(-500)}`);
    }),
    async stop() {
      child.kill('SIGINT');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

async function followRun(corpus: CorpusName): Promise<FollowResult> {
  const p = project(corpus);
  const b = await startBrum(p);
  try {
    const first = PREAMBLE + 1;
    const lastSeq = PREAMBLE + LINES;
    let received = 0;
    let prev = 0;
    let disorder = 0;
    let gotFirst = false;
    // -n 1: the last line of the preamble, so we know it is following before the flood starts.
    const f = follower(p.dir, ['-n', '1'], (seq) => {
      gotFirst = true;
      if (seq >= first && seq <= lastSeq) received++;
      if (seq <= prev) disorder++;
      prev = Math.max(prev, seq);
    });
    try {
      await waitFor('the follower to print the preamble', () => (gotFirst ? true : null), 20_000, 5);
      writeFileSync(p.go, '');
      await f.done;
    } finally {
      await f.stop();
    }
    const notices = [...f.stderr().matchAll(/\[brum\] (\d+) lines? evicted before they could be read/g)].map((m) => Number(m[1]));
    const reported = notices.reduce((a, n) => a + n, 0);
    const [t0, t1] = readDone(p.done);

    // The follower's own pace, brum idle: from the oldest line the ring still holds (≈ the last 50,000), -n 10000
    // then batches of 10,000; lines/s from the first bytes to the last line, the first batch left out.
    const oldest = JSON.parse((await apiGet(b.socket, b.token, '/v1/logs?name=flood&after=0&limit=1')).body) as { lines: Array<{ seq: number }> };
    const from = (oldest.lines[0]?.seq ?? 1) - 1;
    const c = follower(p.dir, ['-n', '10000', '--after', String(from)], () => undefined);
    try {
      await c.done;
    } finally {
      await c.stop();
    }
    const ceiling = (c.reader.lines - 10_000) / ((c.reader.doneAt - c.reader.firstAt) / 1000);
    return {
      received,
      reported,
      reports: notices.length,
      atCap: notices.filter((n) => n === LINE_CAP).length,
      unreported: LINES - received - reported,
      disorder,
      linesPerS: received / ((f.reader.doneAt - t0) / 1000),
      floodMs: t1 - t0,
      lagMs: f.reader.doneAt - t1,
      ceiling,
    };
  } finally {
    await stopBrum(b);
  }
}

/** Floor: the flood on a pipe straight into the same reader; lines/s from its first write to its last line here. */
async function followFloor(corpus: CorpusName): Promise<number> {
  const child = spawn(NODE, [FLOOD, 'pipe', corpus, String(LINES), TMP], { stdio: ['ignore', 'pipe', 'pipe'] });
  const reader = new LineReader(false, () => undefined, () => undefined);
  child.stdout.on('data', (c: Buffer) => reader.feed(c));
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  await once(child, 'close');
  const t0 = Number(err.trim().split(' ')[0]);
  return (reader.lines - 1) / ((reader.doneAt - t0) / 1000);
}

async function followSection(): Promise<void> {
  console.log(`\n3. \`brum logs -f flood --json -n 1\` during a ${fmt(LINES)}-line flood, read by the bench; ${TRIALS} runs per corpus, interleaved with the floor:`);
  const rows: string[][] = [];
  for (const corpus of CORPORA) {
    const runs: FollowResult[] = [];
    const floors: number[] = [];
    for (let i = 0; i < TRIALS; i++) {
      for (const v of i % 2 === 0 ? (['brum', 'floor'] as const) : (['floor', 'brum'] as const)) {
        try {
          if (v === 'floor') floors.push(await followFloor(corpus));
          else runs.push(await followRun(corpus));
        } catch (error) {
          failures.push(`follow ${corpus} #${i} ${v}: ${(error as Error).message}`);
        }
      }
    }
    for (const [k, r] of runs.entries()) {
      const floor = floors.length ? median(floors) : NaN;
      rows.push([
        `${corpus} #${k + 1}`,
        fmt(LINES),
        fmt(r.received),
        (r.received / LINES).toFixed(3),
        `${fmt(r.reported)} (${r.reports}, ${r.atCap} at cap)`,
        fmt(r.unreported),
        fmt(r.disorder),
        fmt(r.linesPerS),
        fmt(LINES / (r.floodMs / 1000)),
        fmt(r.lagMs),
        fmt(r.ceiling),
        fmt(floor),
        ratio(r.linesPerS, floor),
      ]);
    }
  }
  printTable(
    ['corpus / run', 'written', 'received', '÷ written', 'evicted, reported (notices)', 'unreported', 'out of order', 'received lines/s', 'flood into brum lines/s', 'lag ms', 'follower alone lines/s', 'floor lines/s', 'received ÷ floor'],
    rows,
  );
  console.log('received lines/s: flood lines received ÷ (go → the `flood done` line reaching the bench); flood into brum: the');
  console.log("flood's own rate (first write to last) while followed; lag: its last write → that line reaching the bench.");
  console.log(`unreported = written − received − reported evictions; the store reports at most its line cap (${fmt(LINE_CAP)}) per read.`);
  console.log('follower alone: a second `logs -f --json -n 10000 --after S` on the idle brum afterwards, from the oldest line held.');
  console.log('floor: the same flood on a pipe straight into the same reader.');
}

// ---------------------------------------------------------------------------------------------------------------

/** Processes whose command line names the temporary folder: whatever a run left behind. */

const started = performance.now();
console.log(`brum: ${BIN}; corpora ${CORPORA.join(', ')}; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
try {
  if (SECTIONS.includes('api')) await apiSection();
  if (SECTIONS.includes('ps')) await psSection();
  if (SECTIONS.includes('follow')) await followSection();
} finally {
  const left = await reportLeftovers(path.basename(TMP), 3000);
  console.log(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; total ${fmt((performance.now() - started) / 1000)} s`);
  rmSync(TMP, { recursive: true, force: true });
  for (const f of failures) console.log(`failed: ${f}`);
  if (failures.length > 0 || left.length > 0) process.exitCode = 1;
}
