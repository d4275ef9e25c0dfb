// Prints N lines as fast as possible (for benchmarks): N from argv[2], else
// FLOOD_LINES, else 1,000,000. Line i is `flood line ` + i (zero-padded to six
// digits) + ` lorem ipsum dolor sit amet`. Lines are written straight into
// ~64 KiB buffers and we wait for 'drain' whenever the stream asks us to.
//
// Why bytes and not strings: building the same output by string concatenation
// cost this script ~150 ms of CPU per million lines, as much as a fast runner
// needs to read them, so a benchmark would mostly time the generator.
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
const PREFIX = 'flood line ';
const SUFFIX = ' lorem ipsum dolor sit amet\n';

// The line number as ASCII digits, most significant first, counted up in place
// (an odometer), so no number is ever formatted as a string.
const digits = [0x30, 0x30, 0x30, 0x30, 0x30, 0x30];
function increment() {
  for (let d = digits.length - 1; d >= 0; d--) {
    if (digits[d] !== 0x39) {
      digits[d]++;
      return;
    }
    digits[d] = 0x30;
  }
  digits.unshift(0x31);
}

// Every line of one digit width has the same layout, so a chunk starts as a
// copy of a ready-made run of lines and only the digits are written per line.
let width = 0;
let lineLength = 0;
let template = Buffer.alloc(0);
function useWidth(w) {
  width = w;
  const line = PREFIX + '0'.repeat(w) + SUFFIX;
  lineLength = line.length;
  template = Buffer.from(line.repeat(Math.max(1, Math.floor(CHUNK / lineLength))), 'latin1');
}

const out = process.stdout;
let i = 1;
increment();
while (i <= total) {
  if (digits.length !== width) useWidth(digits.length);
  // Stop the chunk where the width changes (999999 → 1000000).
  const sameWidth = 10 ** width - i;
  const n = Math.min(template.length / lineLength, total - i + 1, sameWidth);
  // A fresh buffer per write: the stream may still hold the previous one.
  const buf = Buffer.allocUnsafe(n * lineLength);
  template.copy(buf, 0, 0, buf.length);
  for (let k = 0, at = PREFIX.length; k < n; k++, at += lineLength) {
    for (let d = 0; d < width; d++) buf[at + d] = digits[d];
    increment();
  }
  i += n;
  if (!out.write(buf)) await once(out, 'drain');
  // Writes to files (and TTYs) are synchronous and never ask for 'drain', so
  // yield once per chunk anyway: that is what lets SIGTERM/SIGINT get through.
  else await tick();
}
out.write(`flood done: ${total} lines\n`);
