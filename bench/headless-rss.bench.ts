// 10 processes × 200k lines through `brum run`: memory must stay bounded (caps) and flat once they fill.
import path from 'node:path';
import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { fmt, rssKb } from './lib/measure';

const PROCS = 10;
const flood = path.join(process.cwd(), 'examples/demo/scripts/flood.mjs');

// The size (caps fill at 25% of it), then a 5× longer run that shows where RSS settles.
for (const LINES of [200_000, 1_000_000]) {
  const args = [path.join(process.cwd(), 'bin/brum.js'), 'run', '--no-color'];
  for (let i = 0; i < PROCS; i++) args.push('--cmd', `node ${flood} ${LINES}`);

  const samples: Array<{ t: number; kb: number }> = [];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'ignore'] });
  const out = openSync('/dev/null', 'w');
  const cat = spawn('cat', [], { stdio: [child.stdout, out, 'ignore'] });
  const poll = setInterval(() => samples.push({ t: performance.now() - t0, kb: rssKb(child.pid as number) }), 10);
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve) => (cat.exitCode !== null ? resolve() : cat.on('exit', () => resolve())));
  clearInterval(poll);
  closeSync(out);
  const wall = performance.now() - t0;
  const live = samples.filter((s) => s.kb > 0);
  const at = (f: number): number => {
    const target = wall * f;
    let best = live[0];
    for (const s of live) if (s.t <= target) best = s;
    return (best?.kb ?? 0) / 1024;
  };
  const peak = Math.max(...live.map((s) => s.kb)) / 1024;
  console.log(`${PROCS} × ${fmt(LINES)} lines through brum run in ${fmt(wall)} ms (${fmt(((PROCS * LINES) / wall) * 1000)} lines/s)`);
  console.log(`RSS at 25% ${fmt(at(0.25), 1)} MB · 50% ${fmt(at(0.5), 1)} MB · 75% ${fmt(at(0.75), 1)} MB · 100% ${fmt(at(1), 1)} MB · peak ${fmt(peak, 1)} MB`);
  console.log(`bar: peak RSS ≤ 200 MB: ${peak <= 200 ? 'PASS' : 'MISS'}`);
}
