import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCommonJsCached } from '../src/cli/code-cache';
import { FIXTURE, GEN, ROOT } from './helpers/brum';

// V8 keeps every script it compiled in an in-memory cache and would serve a second load of the same source from
// there, never reading the cached data under test; a separate process starts without it, and so must this one.
v8.setFlagsFromString('--no-compilation-cache');

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-cache-'));
  dirs.push(dir);
  return dir;
}

/** A module that uses everything a CommonJS bundle may: require, module.exports, __filename and __dirname. */
function moduleSource(value: number): string {
  return [
    "const path = require('node:path');",
    `function compute(x) { return x * ${value}; }`,
    'module.exports = { compute, file: path.basename(__filename), dir: __dirname };',
  ].join('\n');
}

type Compute = { compute(x: number): number; file: string; dir: string };

describe('loadCommonJsCached', () => {
  it('runs the module as require would, then from the saved cache on the next load', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mod.cjs');
    const cache = path.join(dir, 'mod.cjs.v8cache');
    writeFileSync(file, moduleSource(3));

    const first = loadCommonJsCached(file, cache);
    expect(first.status).toBe('miss');
    const exports = first.exports as Compute;
    expect(exports.compute(5)).toBe(15);
    expect(exports).toMatchObject({ file: 'mod.cjs', dir });
    expect(first.saveCache()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(['mod.cjs', 'mod.cjs.v8cache']);

    const second = loadCommonJsCached(file, cache);
    expect(second.status).toBe('hit');
    expect((second.exports as Compute).compute(5)).toBe(15);
  });

  it('never runs a cache made for other source, even of the same length', () => {
    // V8 itself compares only the length, so this is the case the cache's own key line exists for.
    const dir = tempDir();
    const file = path.join(dir, 'mod.cjs');
    const cache = path.join(dir, 'mod.cjs.v8cache');
    writeFileSync(file, moduleSource(3));
    const old = loadCommonJsCached(file, cache);
    (old.exports as Compute).compute(1);
    old.saveCache();

    writeFileSync(file, moduleSource(7));
    const next = loadCommonJsCached(file, cache);
    expect(next.status).toBe('stale');
    expect((next.exports as Compute).compute(5)).toBe(35);
    next.saveCache();
    expect(loadCommonJsCached(file, cache).status).toBe('hit');
  });

  it('compares the whole source, not only its first piece, and keeps line numbers', () => {
    // The cache's copy of the source is read back in 64 KiB pieces; a change far past the first must still count.
    const dir = tempDir();
    const file = path.join(dir, 'mod.cjs');
    const cache = path.join(dir, 'mod.cjs.v8cache');
    const fillerLines = 150;
    const filler = `// ${'x'.repeat(1000)}\n`.repeat(fillerLines);
    const source = (value: number) => `${filler}${moduleSource(value)}\nmodule.exports.line = () => new Error().stack.split('\\n')[1];\n`;
    writeFileSync(file, source(3));
    const old = loadCommonJsCached(file, cache);
    old.saveCache();
    expect(loadCommonJsCached(file, cache).status).toBe('hit');

    writeFileSync(file, source(7));
    const next = loadCommonJsCached(file, cache);
    expect(next.status).toBe('stale');
    const exports = next.exports as Compute & { line(): string };
    expect(exports.compute(5)).toBe(35);
    // The filler, the module's three lines, then this function: as the file numbers them.
    expect(exports.line()).toContain(`mod.cjs:${fillerLines + 4}:`);
  });

  it('compiles from source when the cache is garbage, cut short or damaged', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mod.cjs');
    const cache = path.join(dir, 'mod.cjs.v8cache');
    writeFileSync(file, moduleSource(3));
    writeFileSync(cache, 'not a cache at all');
    const garbage = loadCommonJsCached(file, cache);
    expect(garbage.status).toBe('stale');
    expect((garbage.exports as Compute).compute(2)).toBe(6);

    garbage.saveCache();
    const whole = readFileSync(cache);
    writeFileSync(cache, whole.subarray(0, whole.length - 64));
    const cut = loadCommonJsCached(file, cache);
    expect(cut.status).toBe('rejected');
    expect((cut.exports as Compute).compute(2)).toBe(6);

    // One flipped bit in V8's data: without the checksum, this is a fatal error in V8, which no try/catch sees.
    const damaged = Buffer.from(whole);
    damaged[damaged.length - 40] = (damaged[damaged.length - 40] as number) ^ 0xff;
    writeFileSync(cache, damaged);
    const bad = loadCommonJsCached(file, cache);
    expect(bad.status).toBe('rejected');
    expect((bad.exports as Compute).compute(2)).toBe(6);
    writeFileSync(cache, whole);
    expect(loadCommonJsCached(file, cache).status).toBe('hit');
  });

  it('goes without a cache where it cannot write one, and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'mod.cjs');
    writeFileSync(file, moduleSource(3));
    const loaded = loadCommonJsCached(file, path.join(dir, 'no-such-dir', 'mod.cjs.v8cache'));
    expect(loaded.saveCache()).toBe(false);
    expect(readdirSync(dir)).toEqual(['mod.cjs']);
  });
});

describe('bin/brum.js and its code cache', () => {
  /** A copy of the built brum, so this test owns its cache file while other tests run the real one. */
  function copyOfBrum(): string {
    const dir = tempDir();
    cpSync(path.join(ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), {
      recursive: true,
      filter: (src) => !src.endsWith('.v8cache') && !src.includes(`${path.sep}bench`),
    });
    return dir;
  }
  function brum(dir: string, args: readonly string[], stdout: 'pipe' | 'ignore' = 'pipe'): { code: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, [path.join(dir, 'bin/brum.js'), ...args], {
      encoding: 'utf8',
      stdio: ['ignore', stdout, 'pipe'],
      env: { ...process.env, BRUM_DEBUG: '1', NO_COLOR: '1' },
      timeout: 20_000,
    });
    return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr };
  }
  const ls = (dir: string) => brum(dir, ['ls', '-C', FIXTURE]);

  it('writes the cache on the first run, uses it on the next, and survives a broken one', () => {
    const dir = copyOfBrum();
    const cache = path.join(dir, 'dist/cli.cjs.v8cache');
    const first = ls(dir);
    expect(first).toMatchObject({ code: 0, stderr: 'brum: cli code cache miss\n' });
    expect(first.stdout).toMatch(/^fixture-proj \(npm\): \d+ scripts$/m);
    expect(existsSync(cache)).toBe(true);

    const second = ls(dir);
    expect(second).toEqual({ ...first, stderr: 'brum: cli code cache hit\n' });

    writeFileSync(cache, Buffer.alloc(4096, 7));
    expect(ls(dir)).toEqual({ ...first, stderr: 'brum: cli code cache stale\n' });
    expect(ls(dir)).toEqual({ ...first, stderr: 'brum: cli code cache hit\n' });
  });

  it('a flood, which makes brum change a V8 flag mid-run, still leaves a cache the next start can use', () => {
    // The heap governor turns on --expose-gc once the log caps evict; V8 rejects a cache saved under other flags.
    const dir = copyOfBrum();
    const flood = ['run', '--cmd', `node ${GEN} g 1000000`];
    // 1M lines (~60 MB) on stdout: more than spawnSync would hold, and only the exit code matters here.
    const first = brum(dir, flood, 'ignore');
    expect(first).toMatchObject({ code: 0, stderr: 'brum: cli code cache miss\n' });
    expect(brum(dir, ['ls', '-C', FIXTURE]).stderr).toBe('brum: cli code cache hit\n');
  });
});
