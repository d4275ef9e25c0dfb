// The TUI under load, in-process against a fake terminal that drains at once:
// - flood: a child prints 1M lines as fast as it can; when does the last line reach the screen?
// - keypress: while the flood runs, how long until a key's effect is on screen?
// - idle: five quiet running processes; how much CPU does brum use?
// Figures are printed, never asserted: CI must not gate on absolute time.
import { spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessDef } from '../src/runtime/types';
import { FakeStdin } from '../test/helpers/fake-tty';

// React's development build is several times slower; measure what users run. The environment has to be set
// before React loads, so the measurement runs in a child process.
if (process.env.NODE_ENV !== 'production') {
  const self = fileURLToPath(import.meta.url);
  const r = spawnSync(process.execPath, [self], { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
  process.exit(r.status ?? 1);
}

const { createBrum } = await import('../src/runtime/brum');
const { runTui } = await import('../components/run-tui');

const ROOT = process.cwd();
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);

class Screen extends EventEmitter {
  readonly isTTY = true;
  columns = 120;
  rows = 40;
  writes = 0;
  bytes = 0;
  private tail = '';
  write(data: string, callback?: unknown): boolean {
    this.writes++;
    this.bytes += data.length;
    this.tail = (this.tail + data).slice(-64 * 1024);
    if (typeof callback === 'function') (callback as () => void)();
    return true;
  }
  shows(text: string): boolean {
    return this.tail.includes(text);
  }
}


function def(id: string, args: string[]): ProcessDef {
  return { id, name: id, command: args.join(' '), cwd: ROOT, launch: { kind: 'file', file: process.execPath, args } };
}

async function until(test: () => boolean, timeoutMs: number): Promise<number> {
  const start = performance.now();
  while (!test()) {
    if (performance.now() - start > timeoutMs) return NaN;
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now() - start;
}

async function flood(): Promise<void> {
  const brum = createBrum({ defs: [def('flood', [path.join(ROOT, 'examples/demo/scripts/flood.mjs'), String(LINES)])] });
  const screen = new Screen();
  const keys = new FakeStdin();
  const t0 = performance.now();
  const done = runTui({
    brum,
    title: 'bench',
    startIds: ['flood'],
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: keys.asStream(),
    color: false,
    handleSignals: false,
  });
  await until(() => screen.shows('flood line'), 10_000);
  // A key in the middle of the flood: help opens.
  const keyAt = performance.now();
  keys.type('?');
  const keyMs = await until(() => screen.shows('keys · ? or Esc to close'), 5_000);
  keys.type('?');
  const lastMs = await until(() => screen.shows(`flood done: ${LINES} lines`), 60_000);
  const total = performance.now() - t0;
  keys.type('q');
  await done;
  await brum.close();
  const state = brum.store.getState();
  console.log(`  ${LINES.toLocaleString('en')} lines: last line on screen ${fmt(Number.isNaN(lastMs) ? NaN : total)} ms after launch`);
  console.log(`  keypress during the flood → on screen in ${fmt(keyMs)} ms (sent at ${fmt(keyAt - t0)} ms)`);
  console.log(`  terminal writes ${screen.writes.toLocaleString('en')}, ${fmt(screen.bytes / 1024)} KiB; lines kept ${state.logs.flood?.lines.toLocaleString('en')}`);
}

async function idle(): Promise<void> {
  const quiet = (i: number) => def(`quiet${i}`, ['-e', 'setInterval(() => {}, 1 << 30)']);
  const brum = createBrum({ defs: [0, 1, 2, 3, 4].map(quiet) });
  const screen = new Screen();
  const keys = new FakeStdin();
  const done = runTui({
    brum,
    title: 'idle',
    startIds: brum.store.getState().order,
    stdout: screen as unknown as NodeJS.WriteStream,
    stdin: keys.asStream(),
    color: false,
    handleSignals: false,
  });
  await until(() => brum.supervisor.activeCount() === 5 && brum.store.getState().order.every((id) => brum.store.getState().processes[id]?.status === 'running'), 10_000);
  await new Promise((r) => setTimeout(r, 1000));
  const cpu0 = process.cpuUsage();
  const w0 = screen.writes;
  const t0 = performance.now();
  await new Promise((r) => setTimeout(r, Number(process.env.BENCH_IDLE_MS ?? 10_000)));
  const cpu = process.cpuUsage(cpu0);
  const wall = performance.now() - t0;
  keys.type('q');
  await done;
  await brum.close();
  console.log(
    `  5 quiet running processes: brum CPU ${fmt(((cpu.user + cpu.system) / 1000 / wall) * 100, 2)}% over ${fmt(wall / 1000, 1)} s, ` +
      `${screen.writes - w0} terminal writes`,
  );
}

function fmt(n: number, digits = 0): string {
  return Number.isFinite(n) ? n.toLocaleString('en', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : 'n/a';
}

console.log('TUI, in-process, fake 120×40 terminal that drains at once (NODE_ENV=production).');
await flood();
await idle();
