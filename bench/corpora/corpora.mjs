// Realistic output for the throughput benchmarks (plain logs, JSON logs, ANSI dev servers, stack traces, long
// lines, and the old digit lines), defined once here for gen.mjs, the benches and the test.
//
// How a corpus is made, and why: a deterministic pool of a few thousand distinct template lines (see lines.mjs;
// the pool size is prime so it never divides a chunk size) is cycled, and each template's stamp slot (a clock, an
// epoch) is filled from the line's index. Every line of a run is thus distinct, like real output, while a chunk
// costs one copy of the pool's bytes plus a few digit writes per line: a generator that built strings per line would
// take as long as the runner it feeds, and the bench would time the generator.
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, renameSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SLOTS, ansiLine, errorBlock, jsonLine, longLine, plainLine } from './lines.mjs';

/** Bump when the generator's code changes what it prints (the pool's own changes are caught by its hash). */
export const CORPUS_VERSION = 1;
export const CORPUS_NAMES = ['plain', 'json', 'ansi', 'mix', 'long', 'digits'];
export const CHUNK_BYTES = 64 * 1024;

/** mulberry32: tiny, fast, and the same sequence everywhere for a seed. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stamp slot as an odometer: the digit positions in its text and each one's radix. */
function makeSlot({ start, mask }) {
  const pos = [];
  const radix = [];
  const first = [];
  for (let i = 0; i < mask.length; i++) {
    if (mask[i] >= '0' && mask[i] <= '9') {
      pos.push(i);
      radix.push(Number(mask[i]) + 1);
      first.push(Number(start[i]));
    }
  }
  return { start, pos, radix, first };
}
const SLOT_NAMES = Object.keys(SLOTS);
const SLOT_DEFS = SLOT_NAMES.map((n) => makeSlot(SLOTS[n]));

/** The slot's text for line `i`: the start plus i, carried digit by digit (wraps past the top, harmlessly). */
function stampAt(slot, i) {
  const d = slot.first.slice();
  let carry = i;
  for (let p = d.length - 1; p >= 0 && carry > 0; p--) {
    const v = d[p] + carry;
    d[p] = v % slot.radix[p];
    carry = Math.floor(v / slot.radix[p]);
  }
  const chars = slot.start.split('');
  for (let p = 0; p < d.length; p++) chars[slot.pos[p]] = String(d[p]);
  return chars.join('');
}

const DEFS = {
  plain: { pool: 4099, bytes: [60, 120], make: (rand) => plainLine(rand) },
  json: { pool: 4099, bytes: [150, 320], make: (rand) => jsonLine(rand) },
  ansi: { pool: 4099, bytes: [20, 220], make: (rand) => ansiLine(rand) },
  mix: { pool: 4099, bytes: [20, 400], make: null },
  long: { pool: 1009, bytes: [2048, 8192], make: (rand) => longLine(rand) },
};

/**
 * Filler (plain or JSON lines) with an error block after every 150–250 lines (200 on average), cut to exactly
 * `size` lines. The run lengths and the shapes (stack, tsc, stack, stack, tsc) follow a fixed schedule rather
 * than the dice, so a pool of ~20 blocks keeps the promised rate and mix instead of whatever the draws gave.
 */
function mixTemplates(rand, size) {
  const out = [];
  for (let k = 0; out.length < size; k++) {
    const run = 150 + ((k * 37) % 101);
    for (let i = 0; i < run && out.length < size; i++) out.push(rand() < 0.5 ? plainLine(rand) : jsonLine(rand));
    const block = errorBlock(rand, k % 5 === 1 || k % 5 === 4 ? 'tsc' : 'stack');
    if (out.length + block.length <= size) out.push(...block);
  }
  return out;
}

/** A template line split around its slot (if any). */
function parseTemplate(line) {
  const at = line.indexOf('\0');
  if (at === -1) return { pre: line, slot: -1, post: '' };
  const slot = SLOT_NAMES.findIndex((n) => line.startsWith(n, at + 1));
  if (slot === -1) throw new Error(`unknown slot in template: ${JSON.stringify(line.slice(at, at + 10))}`);
  return { pre: line.slice(0, at), slot, post: line.slice(at + 1 + SLOT_NAMES[slot].length) };
}

function poolCorpus(name) {
  const def = DEFS[name];
  const rand = prng(0xb5a + CORPUS_NAMES.indexOf(name));
  const raw = def.make === null ? mixTemplates(rand, def.pool) : Array.from({ length: def.pool }, () => def.make(rand));
  const templates = raw.map(parseTemplate);
  // The pool as bytes, each slot holding its start text; lineStart/slotAt are byte offsets into it.
  const lines = templates.map((t) => (t.slot === -1 ? t.pre : t.pre + SLOT_DEFS[t.slot].start + t.post) + '\n');
  const pool = Buffer.from(lines.join(''), 'utf8');
  const lineStart = new Float64Array(templates.length + 1);
  const slotAt = new Float64Array(templates.length);
  const slotOf = new Int8Array(templates.length);
  let at = 0;
  templates.forEach((t, k) => {
    lineStart[k] = at;
    slotOf[k] = t.slot;
    slotAt[k] = t.slot === -1 ? -1 : at + Buffer.byteLength(t.pre);
    at += Buffer.byteLength(lines[k]);
  });
  lineStart[templates.length] = at;
  const P = templates.length;

  return {
    name,
    poolSize: P,
    lineBytes: def.bytes,
    fingerprint: createHash('sha1').update(pool).digest('hex').slice(0, 10),
    lineAt(i) {
      const t = templates[i % P];
      return t.slot === -1 ? t.pre : t.pre + stampAt(SLOT_DEFS[t.slot], i) + t.post;
    },
    *chunks(total, chunkBytes = CHUNK_BYTES) {
      // One odometer per slot kind, all advanced every line, so a slot's value depends only on the line index.
      const odo = SLOT_DEFS.map((s) => s.first.slice());
      for (let i = 0; i < total; ) {
        const t0 = i % P;
        let n = 0;
        let bytes = 0;
        for (let t = t0; bytes < chunkBytes && i + n < total; n++, t = t + 1 === P ? 0 : t + 1) bytes += lineStart[t + 1] - lineStart[t];
        const buf = Buffer.allocUnsafe(bytes);
        // Copy the pool's run of lines, wrapping at its end.
        for (let filled = 0, t = t0; filled < bytes; t = 0) {
          const take = Math.min(bytes - filled, lineStart[P] - lineStart[t]);
          // TypedArray#set is a memcpy; Buffer#copy goes through a much slower path in Node 20.
          buf.set(pool.subarray(lineStart[t], lineStart[t] + take), filled);
          filled += take;
        }
        for (let k = 0, t = t0, lineAtBuf = 0; k < n; k++, t = t + 1 === P ? 0 : t + 1) {
          const s = slotOf[t];
          if (s !== -1) {
            const def = SLOT_DEFS[s];
            const d = odo[s];
            const base = lineAtBuf + (slotAt[t] - lineStart[t]);
            for (let p = 0; p < d.length; p++) buf[base + def.pos[p]] = 0x30 + d[p];
          }
          lineAtBuf += lineStart[t + 1] - lineStart[t];
          for (let s2 = 0; s2 < odo.length; s2++) {
            const d = odo[s2];
            const radix = SLOT_DEFS[s2].radix;
            for (let p = d.length - 1; p >= 0; p--) {
              if (++d[p] < radix[p]) break;
              d[p] = 0;
            }
          }
        }
        i += n;
        yield buf;
      }
    },
  };
}

/** What `seq 1 N` prints: the old reference, kept to compare against. */
function digitsCorpus() {
  return {
    name: 'digits',
    poolSize: 0,
    lineBytes: [1, 8],
    fingerprint: 'seq',
    lineAt: (i) => String(i + 1),
    *chunks(total, chunkBytes = CHUNK_BYTES) {
      for (let i = 0; i < total; ) {
        let s = '';
        while (s.length < chunkBytes && i < total) s += `${++i}\n`;
        yield Buffer.from(s, 'latin1');
      }
    },
  };
}

const cache = new Map();

/** The corpus called `name` (built on first use: ~5–50 ms). */
export function corpus(name) {
  if (!CORPUS_NAMES.includes(name)) throw new Error(`unknown corpus "${name}" (known: ${CORPUS_NAMES.join(', ')})`);
  let c = cache.get(name);
  if (!c) {
    c = name === 'digits' ? digitsCorpus() : poolCorpus(name);
    cache.set(name, c);
  }
  return c;
}

/**
 * The corpus's first `lines` lines in a file under the temp folder, written once and reused: `cat FILE` is the
 * cheapest child a bench can run, so the runner is what gets timed. The name carries the pool's hash and the
 * generator's version, so a changed corpus never reuses a stale file; it is written under another name and
 * renamed, so a file that exists is whole.
 */
export function materialize(name, lines, dir = os.tmpdir()) {
  const c = corpus(name);
  const file = path.join(dir, `brum-corpus-v${CORPUS_VERSION}-${name}-${c.fingerprint}-${lines}.txt`);
  if (existsSync(file)) return file;
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    for (const chunk of c.chunks(lines, 1 << 20)) {
      for (let off = 0; off < chunk.length; ) off += writeSync(fd, chunk, off);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return file;
}
