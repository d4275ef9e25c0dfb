import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_BYTES, CORPUS_NAMES, corpus, materialize } from '../bench/corpora/corpora.mjs';
import { ROOT } from './helpers/brum';

// The throughput benches are only as good as their corpora: these pin that each corpus is what the benches claim
// it is (deterministic, varied, sized as promised), and that every way of getting it (random access for checking,
// chunks for generating, gen.mjs, a cached file) gives the same lines.
const GEN = path.join(ROOT, 'bench/corpora/gen.mjs');

function text(name: string, lines: number, chunkBytes?: number): string {
  return Buffer.concat([...corpus(name).chunks(lines, chunkBytes)]).toString('utf8');
}

/** Lines as the corpus defines them, one at a time. */
function lineByLine(name: string, lines: number): string[] {
  const c = corpus(name);
  return Array.from({ length: lines }, (_, i) => c.lineAt(i));
}

describe('bench corpora', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.each(CORPUS_NAMES)('%s: chunks and lineAt agree, across the pool wrapping round, and are deterministic', (name) => {
    const c = corpus(name);
    // Past two turns of the pool, so the wrap and the stamps carrying on after it are covered.
    const n = Math.min(2 * Math.max(c.poolSize, 1000) + 17, 5000);
    const first = text(name, n);
    expect(first).toBe(`${lineByLine(name, n).join('\n')}\n`);
    // Another chunk size cuts the run elsewhere but must not change a byte.
    expect(text(name, n, 1000)).toBe(first);
    expect(text(name, n)).toBe(first);
  });

  it.each(CORPUS_NAMES)('%s: every line is in the promised size range', (name) => {
    const c = corpus(name);
    const [lo, hi] = c.lineBytes;
    const n = Math.max(c.poolSize, 5000);
    const sizes = lineByLine(name, n).map((l) => Buffer.byteLength(l));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(lo);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(hi);
  });

  it('the documented sizes: plain 60–120 B, json about 200 B on average, long 2–8 KB', () => {
    const mean = (name: string, n: number): number => lineByLine(name, n).reduce((s, l) => s + Buffer.byteLength(l), 0) / n;
    expect(corpus('plain').lineBytes).toEqual([60, 120]);
    expect(corpus('long').lineBytes).toEqual([2048, 8192]);
    expect(mean('json', 4099)).toBeGreaterThan(170);
    expect(mean('json', 4099)).toBeLessThan(240);
  });

  it.each(CORPUS_NAMES.filter((n) => n !== 'digits'))('%s: lines vary (not one line repeated)', (name) => {
    const lines = lineByLine(name, 4000);
    expect(new Set(lines).size).toBeGreaterThan(0.9 * lines.length);
    // The pool is cycled, but the stamps keep going: a line and the one a pool later differ when they carry one.
    const c = corpus(name);
    const stamped = lines.slice(0, 200).filter((l, i) => l !== c.lineAt(i + c.poolSize)).length;
    expect(stamped).toBeGreaterThan(name === 'mix' ? 150 : name === 'ansi' ? 80 : 190);
  });

  it('ansi: coloured dev-server lines, some with ✓ ➜ ○ and other non-ASCII glyphs', () => {
    const lines = lineByLine('ansi', 4099);
    const share = (re: RegExp): number => lines.filter((l) => re.test(l)).length / lines.length;
    expect(share(/\x1b\[/)).toBeGreaterThan(0.6);
    expect(share(/[✓➜○]/)).toBeGreaterThan(0.1);
    expect(share(/[^\x00-\x7f]/)).toBeLessThan(0.5);
    expect(share(/\[vite\]/)).toBeGreaterThan(0.2);
  });

  it('json: every line is a pino-style JSON object', () => {
    for (const l of lineByLine('json', 2000)) {
      const o = JSON.parse(l) as { level: unknown; time: unknown; msg: unknown };
      expect(typeof o.level).toBe('number');
      expect(typeof o.time).toBe('number');
      expect(typeof o.msg).toBe('string');
    }
  });

  it('mix: a stack trace or a tsc error every ~200 lines, both shapes present', () => {
    const n = 100_000;
    const lines = lineByLine('mix', n);
    const stacks = lines.filter((l, i) => /^(?:[A-Z]\w*)?Error: /.test(l) && /^ {4}at /.test(lines[i + 1] ?? '')).length;
    const tsc = lines.filter((l) => /^src\/\S+\.ts\(\d+,\d+\): error TS\d+: /.test(l)).length;
    expect(stacks).toBeGreaterThan(0.3 * (n / 200));
    expect(tsc).toBeGreaterThan(0.2 * (n / 200));
    const blocks = stacks + tsc;
    expect(blocks).toBeGreaterThan(n / 260);
    expect(blocks).toBeLessThan(n / 140);
  });

  it('chunks are whole lines, at least 64 KiB each but the last', () => {
    for (const name of ['plain', 'long', 'digits']) {
      const chunks = [...corpus(name).chunks(50_000)];
      chunks.forEach((ch, i) => {
        expect(ch[ch.length - 1]).toBe(10);
        if (i < chunks.length - 1) expect(ch.length).toBeGreaterThanOrEqual(CHUNK_BYTES);
      });
    }
  });

  it('gen.mjs prints exactly N lines of the corpus, and the done line only when asked', () => {
    for (const [name, n] of [['plain', 100_003], ['ansi', 7], ['digits', 0], ['long', 300]] as const) {
      const r = spawnSync(process.execPath, [GEN, name, String(n)], { maxBuffer: 1 << 30, encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(n === 0 ? '' : `${lineByLine(name, n).join('\n')}\n`);
    }
    const done = spawnSync(process.execPath, [GEN, 'json', '--done'], { env: { ...process.env, FLOOD_LINES: '5' }, encoding: 'utf8' });
    expect(done.stdout.split('\n')).toEqual([...lineByLine('json', 5), 'flood done: 5 lines', '']);
    const bad = spawnSync(process.execPath, [GEN, 'nope', '1'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
  });

  it('materialize writes the corpus once and then reuses the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-corpora-test-'));
    dirs.push(dir);
    const file = materialize('mix', 20_000, dir);
    expect(readFileSync(file, 'utf8')).toBe(text('mix', 20_000));
    const written = statSync(file).mtimeMs;
    expect(materialize('mix', 20_000, dir)).toBe(file);
    expect(statSync(file).mtimeMs).toBe(written);
    expect(materialize('mix', 20_001, dir)).not.toBe(file);
  });
});
