// 1M lines from a real child through the whole ingestion path (split → LogStore → detectors → store/bus),
// against the child writing to /dev/null alone, so the overhead brum adds is visible.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createBrum } from '../src/runtime/brum';
import { fmt } from './lib/measure';

const N = 1_000_000;
const flood = path.join(process.cwd(), 'examples/demo/scripts/flood.mjs');

function childAlone(): number {
  const t0 = performance.now();
  spawnSync(process.execPath, [flood, String(N)], { stdio: ['ignore', 'ignore', 'ignore'] });
  return performance.now() - t0;
}

async function throughBrum(): Promise<{ ms: number; lines: number; errors: number }> {
  const brum = createBrum({
    defs: [{ id: 'flood', name: 'flood', command: 'flood', cwd: process.cwd(), launch: { kind: 'file', file: process.execPath, args: [flood, String(N)] } }],
  });
  const t0 = performance.now();
  await brum.supervisor.start('flood');
  await brum.supervisor.settled();
  await brum.close();
  const ms = performance.now() - t0;
  const s = brum.store.getState();
  return { ms, lines: s.logs.flood?.lines ?? 0, errors: s.errors.flood?.length ?? 0 };
}

const alone: number[] = [];
const runs: Array<{ ms: number; lines: number; errors: number }> = [];
for (let i = 0; i < 3; i++) {
  alone.push(childAlone());
  runs.push(await throughBrum());
}
alone.sort((a, b) => a - b);
runs.sort((a, b) => a.ms - b.ms);
const med = runs[1] as { ms: number; lines: number; errors: number };
const base = alone[1] as number;
console.log(`1M-line child alone (to /dev/null): ${fmt(base)} ms`);
console.log(
  `through brum ingestion with detection: ${fmt(med.ms)} ms (${fmt((med.lines / med.ms) * 1000)} lines/s), ` +
    `${fmt(med.lines)} lines stored, ${med.errors} false errors; overhead ${fmt(med.ms - base)} ms`,
);
console.log(`bar: 1M lines ingested with detection on in ≤ 1.0 s: ${med.ms <= 1000 && med.lines === N + 1 ? 'PASS' : 'MISS'}`);
