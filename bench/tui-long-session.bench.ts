// A real terminal (tmux, 120x40): `brum chatty` for BENCH_MINUTES (default 5), where chatty prints 5,000 unique,
// realistic log lines a second. The log caps fill within seconds, so from then on brum's memory should be flat:
// RSS may grow ≤ 10 MB between minute 1 and the last minute, and peak ≤ 200 MB (issue 11).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, TmuxPane, TreeWatch, leftovers, listRows, passMiss, requireTmux, timeUntil, waitExit } from './lib/tmux';

const MINUTES = Number(process.env.BENCH_MINUTES ?? 5);
const RATE = Number(process.env.BENCH_RATE ?? 5000);
const SAMPLE_MS = Number(process.env.BENCH_SAMPLE_MS ?? 10_000);
/** Another build of brum (its bin/brum.js), so a long run is not broken by a rebuild of dist/ in the middle. */
const BRUM = process.env.BENCH_BRUM_BIN ?? BIN;
const GROWTH_BAR_MB = 10;
const PEAK_BAR_MB = 200;

/**
 * The generator: RATE lines a second in batches every 10 ms, each line unique (timestamp, counter, ids), in the
 * shapes a real server prints, with an occasional URL (new ones, so the URL list fills to its cap) and an
 * occasional error with a stack, so the detectors and the URL list do their work as in a real session.
 * Batches are sized from the clock, so a late timer catches up instead of lowering the rate.
 */
const CHATTY = String.raw`
const rate = Number(process.argv[2]);
const levels = ['INFO ', 'INFO ', 'INFO ', 'DEBUG', 'DEBUG', 'WARN '];
const methods = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];
const paths = ['/api/users', '/api/orders', '/api/items', '/static/app.js', '/healthz', '/api/search', '/api/sessions'];
const services = ['api', 'db', 'cache', 'auth', 'worker', 'mailer'];
let n = 0;
const rand = (k) => Math.floor(Math.random() * k);
const hex = (len) => { let s = ''; while (s.length < len) s += rand(0x10000).toString(16).padStart(4, '0'); return s.slice(0, len); };
function line() {
  n++;
  const ts = new Date().toISOString();
  const svc = services[rand(services.length)];
  if (n % 5000 === 0) {
    // As console.error(err) prints it under a logged line, which is the shape the error detector knows.
    return ts + ' ERROR [' + svc + '] request failed n=' + n + '\n' +
      'Error: request ' + hex(8) + ' failed: ECONNRESET after ' + rand(5000) + 'ms\n' +
      '    at Socket.onEnd (/srv/app/src/net/client.ts:' + (10 + rand(300)) + ':' + (1 + rand(40)) + ')\n' +
      '    at Object.handle (/srv/app/src/routes/' + svc + '.ts:' + (10 + rand(300)) + ':' + (1 + rand(40)) + ')\n' +
      '    at processTicksAndRejections (node:internal/process/task_queues:95:5)';
  }
  if (n % 2000 === 0) return ts + ' INFO  [' + svc + '] preview ready at http://localhost:' + (3000 + rand(50)) + '/preview/' + hex(12);
  const level = levels[rand(levels.length)];
  const r = rand(4);
  if (r === 0) {
    return ts + ' ' + level + ' [' + svc + '] ' + methods[rand(methods.length)] + ' ' + paths[rand(paths.length)] + '/' + hex(8) +
      ' ' + [200, 200, 201, 204, 304, 404][rand(6)] + ' ' + rand(900) + 'ms req=' + hex(16) + ' n=' + n;
  }
  if (r === 1) return ts + ' ' + level + ' [' + svc + '] query users where id = ' + rand(1e6) + ' took ' + rand(200) + 'ms rows=' + rand(50) + ' n=' + n;
  if (r === 2) return ts + ' ' + level + ' [' + svc + '] cache ' + (rand(2) ? 'hit' : 'miss') + ' key=session:' + hex(24) + ' ttl=' + rand(3600) + 's n=' + n;
  return ts + ' ' + level + ' [' + svc + '] job ' + hex(10) + ' step ' + rand(20) + '/20 processed ' + rand(10000) + ' records in /var/data/batch-' + hex(6) + '.jsonl n=' + n;
}
const t0 = Date.now();
let written = 0;
setInterval(() => {
  const due = Math.floor(((Date.now() - t0) / 1000) * rate);
  if (due <= written) return;
  let out = '';
  const count = Math.min(due - written, rate);
  for (let i = 0; i < count; i++) out += line() + '\n';
  written = due;
  process.stdout.write(out);
}, 10);
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
`;

/**
 * Preloaded into brum (`node --require`): every second, brum's own view of its memory into a file the bench reads.
 * One process.memoryUsage() a second costs nothing next to the flood, and it lets the table split RSS into heap
 * and the rest.
 */
const PROBE = String.raw`
const { writeFileSync, renameSync } = require('node:fs');
const file = process.env.BRUM_BENCH_MEM;
if (file) {
  setInterval(() => {
    const m = process.memoryUsage();
    writeFileSync(file + '.tmp', JSON.stringify({ heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers }));
    renameSync(file + '.tmp', file);
  }, 1000).unref();
}
`;

interface Sample {
  readonly s: number;
  readonly rssMb: number;
  readonly heapUsedMb: number | null;
  readonly heapTotalMb: number | null;
  readonly externalMb: number | null;
}

const MB = 1024 * 1024;
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : NaN;
}

function heapOf(file: string): { heapUsed: number; heapTotal: number; external: number } | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { heapUsed: number; heapTotal: number; external: number };
  } catch {
    return null;
  }
}

/**
 * RSS around `s` seconds: the median of the three samples nearest to it. One sample can sit on either side of a
 * collection (V8's heap swings by 10–20 MB under a flood, more while the machine is busy), which is noise, not growth.
 */
function rssAround(samples: readonly Sample[], s: number): { mb: number; from: number; to: number } {
  const near = [...samples].sort((a, b) => Math.abs(a.s - s) - Math.abs(b.s - s)).slice(0, 3);
  const rss = near.map((x) => x.rssMb).sort((a, b) => a - b);
  const times = near.map((x) => x.s);
  return { mb: rss[Math.floor(rss.length / 2)] ?? NaN, from: Math.min(...times), to: Math.max(...times) };
}

const mb = (v: number | null): string => (v === null ? '   -' : v.toFixed(1).padStart(6));

requireTmux();
const dir = path.join(os.tmpdir(), `brum-long-${process.pid}`);
mkdirSync(dir, { recursive: true });
writeFileSync(path.join(dir, 'chatty.cjs'), CHATTY);
writeFileSync(path.join(dir, 'probe.cjs'), PROBE);
writeFileSync(
  path.join(dir, 'package.json'),
  JSON.stringify({ name: 'long', private: true, scripts: { chatty: `node chatty.cjs ${RATE}` } }),
);
const memFile = path.join(dir, 'mem.json');
const argv = [process.execPath, '--require', path.join(dir, 'probe.cjs'), BRUM, '-C', dir, 'chatty'];
const pane = TmuxPane.open({ argv, cwd: dir, width: 120, height: 40, env: { BRUM_BENCH_MEM: memFile } });
const tree = new TreeWatch(pane);
// A long run is often stopped by hand: the pane (and brum and chatty with it) must not outlive the bench.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    pane.close();
    rmSync(dir, { recursive: true, force: true });
    process.exit(130);
  });
}
try {
  console.log(`brum chatty in a 120x40 tmux pane: ${RATE} unique lines/s (batches every 10 ms) for ${MINUTES} min; brum's RSS every ${SAMPLE_MS / 1000} s.`);
  const t0 = performance.now();
  const up = await timeUntil(pane, t0, (s) => listRows(s).some((r) => r.name === 'chatty' && r.icon === '●') && / n=\d+/.test(s), 30_000, 100);
  if (up === null) throw new Error(`chatty never showed its lines:\n${pane.capture()}`);
  tree.sample();
  const pid = pane.pid;
  const start = performance.now();
  const end = start + MINUTES * 60_000;
  const samples: Sample[] = [];
  console.log('     t    RSS MB  heapUsed  heapTotal  external');
  for (let next = start; next <= end + 1; next += SAMPLE_MS) {
    await pause(Math.max(0, next - performance.now()));
    if (pane.exitStatus() !== null) throw new Error(`brum exited early (${pane.exitStatus()}):\n${pane.captureAll()}`);
    const heap = heapOf(memFile);
    const sample: Sample = {
      s: (performance.now() - start) / 1000,
      rssMb: statusKb(pid, 'VmRSS') / 1024,
      heapUsedMb: heap ? heap.heapUsed / MB : null,
      heapTotalMb: heap ? heap.heapTotal / MB : null,
      externalMb: heap ? heap.external / MB : null,
    };
    samples.push(sample);
    tree.sample();
    console.log(`  ${sample.s.toFixed(0).padStart(4)} s  ${mb(sample.rssMb)}    ${mb(sample.heapUsedMb)}     ${mb(sample.heapTotalMb)}    ${mb(sample.externalMb)}`);
  }
  const screen = pane.capture();
  const shown = / n=(\d+)/g;
  let lastShown = 0;
  for (const m of screen.matchAll(shown)) lastShown = Math.max(lastShown, Number(m[1]));
  const hwmMb = statusKb(pid, 'VmHWM') / 1024;
  pane.send('q');
  const exit = await waitExit(pane, 20_000);
  const left = await leftovers(tree);

  const first = rssAround(samples, 60);
  const last = rssAround(samples, MINUTES * 60);
  const growth = last.mb - first.mb;
  const peak = Math.max(hwmMb, ...samples.map((s) => s.rssMb));
  const expected = (RATE * (performance.now() - t0)) / 1000;
  console.log(`  the screen showed line n=${lastShown} at the end (~${Math.round(expected)} written by then): the TUI kept up`);
  const span = (r: { from: number; to: number }): string => `${r.from.toFixed(0)}–${r.to.toFixed(0)} s`;
  console.log(
    `  RSS (median of 3 samples) ${first.mb.toFixed(1)} MB at ${span(first)} → ${last.mb.toFixed(1)} MB at ${span(last)}: ` +
      `growth ${growth.toFixed(1)} MB (bar ≤ ${GROWTH_BAR_MB} MB): ${passMiss(growth <= GROWTH_BAR_MB)}`,
  );
  console.log(`  peak RSS ${peak.toFixed(1)} MB (VmHWM; bar ≤ ${PEAK_BAR_MB} MB): ${passMiss(peak <= PEAK_BAR_MB)}`);
  console.log(`  quit with q: exit ${exit ?? 'none within 20 s'}; processes left: ${left.text}: ${passMiss(exit === 0 && left.clean)}`);
} finally {
  pane.close();
  rmSync(dir, { recursive: true, force: true });
}
