import { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';

/** How a load used its cache: `hit` ran V8's saved code; every other case compiled from source. */
export type CacheStatus = 'hit' | 'miss' | 'stale' | 'rejected';

export interface LoadedModule {
  readonly exports: unknown;
  readonly status: CacheStatus;
  /**
   * Saves V8's code for every function of the module compiled so far, so call it late (at exit): a cache made
   * right after loading would hold little beyond the top level. Best effort: false when it could not be written
   * (a read-only install), which only means the next start compiles again.
   */
  saveCache(): boolean;
}

/**
 * Runs a CommonJS file the way `require` would, but through V8's code cache.
 *
 * Why: compiling the bundled CLI (~0.5 MB) is the largest part of brum's start-up before it can spawn anything,
 * and Node 20 has no compile cache of its own for user code (module.enableCompileCache needs Node 22).
 *
 * V8 checks a cache only against the source's length, its own version and its flags, so a rebuilt bundle of the
 * same length would run stale code. The cache file therefore also holds the very source it was made from, and is
 * used only when that is byte for byte the file being loaded (a memcmp, cheaper than loading node:crypto to hash).
 *
 * Release builds of V8 skip the checksum of cached data, and a corrupt cache is then a fatal V8 error, not a
 * rejection. The checksum is therefore turned on, for every load and every save alike (flags are part of what V8
 * checks), so a damaged file is rejected and the module compiles from source.
 *
 * The module must not call `import()`: code in a vm.Script has no loader for it (the launcher does the imports).
 */
export function loadCommonJsCached(file: string, cacheFile: string): LoadedModule {
  if (!checksumOn) {
    v8.setFlagsFromString('--verify-snapshot-checksum');
    checksumOn = true;
  }
  const wrapped = readWrapped(file);
  const bytes = wrapped.subarray(WRAP_HEAD.length, wrapped.length - WRAP_TAIL.length);
  const saved = readCache(cacheFile, bytes);
  // One string, decoded once: a template around the source would be a cons string that V8 flattens into a copy.
  const script = new vm.Script(wrapped.toString('utf8'), {
    filename: file,
    ...(saved.data ? { cachedData: saved.data } : {}),
  });
  const status: CacheStatus = saved.data === null ? saved.status : script.cachedDataRejected === true ? 'rejected' : 'hit';
  const mod: { exports: unknown } = { exports: {} };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
  return {
    get exports() {
      return mod.exports;
    },
    status,
    saveCache: () => writeCache(cacheFile, bytes, script),
  };
}

/** Set once per process: the TUI bundle is the second load, and the flag is already on by then. */
let checksumOn = false;

/** The cache file: a header line, the source it was made from, then V8's data. */
function header(source: Buffer): Buffer {
  return Buffer.from(`brum-code-cache 1 ${process.version} ${process.arch} ${source.length}\n`, 'latin1');
}

// The function `require` wraps a CommonJS module in; on the source's first line, so line numbers stay the file's.
const WRAP_HEAD = Buffer.from('(function (exports, require, module, __filename, __dirname) {', 'latin1');
const WRAP_TAIL = Buffer.from('\n})', 'latin1');

/** The file, read straight into the middle of its wrapper. */
function readWrapped(file: string): Buffer {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const out = Buffer.allocUnsafeSlow(WRAP_HEAD.length + size + WRAP_TAIL.length);
    WRAP_HEAD.copy(out, 0);
    WRAP_TAIL.copy(out, WRAP_HEAD.length + size);
    // Shorter than its size a moment ago: being rewritten (a build). Read it whole, whatever it holds now.
    return readFully(fd, out, WRAP_HEAD.length, size, 0) ? out : Buffer.concat([WRAP_HEAD, readFileSync(file), WRAP_TAIL]);
  } finally {
    closeSync(fd);
  }
}

/** Whether the file holds `expected` at `position`, read through one small buffer. */
function sameBytes(fd: number, position: number, expected: Buffer): boolean {
  const piece = Buffer.allocUnsafe(Math.min(64 * 1024, expected.length));
  for (let at = 0; at < expected.length; at += piece.length) {
    const n = Math.min(piece.length, expected.length - at);
    if (!readFully(fd, piece, 0, n, position + at)) return false;
    if (!piece.subarray(0, n).equals(expected.subarray(at, at + n))) return false;
  }
  return true;
}

function readFully(fd: number, into: Buffer, offset: number, length: number, position: number): boolean {
  for (let done = 0; done < length; ) {
    const n = readSync(fd, into, offset + done, length - done, position + done);
    if (n === 0) return false;
    done += n;
  }
  return true;
}

/**
 * V8's data, if the cache was made from exactly this source. The source copy in the file is compared a piece at a
 * time, and V8's data is read into a buffer of its own: memory touched for the first time costs ~12 µs a page on
 * the slowest machine brum is measured on, and a whole-file read would touch the bundle's size twice over.
 */
function readCache(cacheFile: string, source: Buffer): { data: Buffer | null; status: 'miss' | 'stale' } {
  let fd: number;
  try {
    fd = openSync(cacheFile, 'r');
  } catch {
    return { data: null, status: 'miss' };
  }
  try {
    const size = fstatSync(fd).size;
    const head = header(source);
    const start = head.length + source.length;
    if (size <= start) return { data: null, status: 'stale' };
    if (!sameBytes(fd, 0, head) || !sameBytes(fd, head.length, source)) return { data: null, status: 'stale' };
    const data = Buffer.allocUnsafeSlow(size - start);
    return readFully(fd, data, 0, data.length, start) ? { data, status: 'miss' } : { data: null, status: 'stale' };
  } finally {
    closeSync(fd);
  }
}

function writeCache(cacheFile: string, source: Buffer, script: vm.Script): boolean {
  // Written aside and renamed, so a brum starting at the same moment reads the old cache or the new, never half.
  const temp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([header(source), source, script.createCachedData()]));
    renameSync(temp, cacheFile);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing more to do: the directory is not ours to write.
    }
    return false;
  }
}
