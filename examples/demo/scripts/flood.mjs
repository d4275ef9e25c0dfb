// Prints N lines as fast as possible (for benchmarks): N from argv[2], else
// FLOOD_LINES, else 1,000,000. Lines are batched into ~64 KiB writes and we
// wait for 'drain' whenever the stream asks us to.
import { once } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { onShutdown } from './_lib.mjs';

function parseCount(v) {
  if (v === undefined || v === '') return undefined;
  const n = Number(String(v).replace(/_/g, ''));
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
const total = parseCount(process.argv[2]) ?? parseCount(process.env.FLOOD_LINES) ?? 1_000_000;

// Nothing to clean up, and pending output is moot once we are told to stop
// (a stalled reader would otherwise keep us waiting for 'drain').
onShutdown(() => process.exit(0));

const CHUNK = 64 * 1024;
const SUFFIX = ' lorem ipsum dolor sit amet\n';
const out = process.stdout;

let i = 1;
while (i <= total) {
  let buf = '';
  while (i <= total && buf.length < CHUNK) {
    // Cheap zero-padding: only pad when the number is short.
    const s = i < 100000 ? String(i).padStart(6, '0') : String(i);
    buf += 'flood line ' + s + SUFFIX;
    i++;
  }
  if (!out.write(buf)) await once(out, 'drain');
  // Writes to files (and TTYs) are synchronous and never ask for 'drain', so
  // yield once per chunk anyway: that is what lets SIGTERM/SIGINT get through.
  else await tick();
}
out.write(`flood done: ${total} lines\n`);
