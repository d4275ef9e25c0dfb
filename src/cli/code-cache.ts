import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
  const bytes = readFileSync(file);
  const saved = readCache(cacheFile, bytes);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${bytes.toString('utf8')}\n})`, {
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

function readCache(cacheFile: string, source: Buffer): { data: Buffer | null; status: 'miss' | 'stale' } {
  let raw: Buffer;
  try {
    raw = readFileSync(cacheFile);
  } catch {
    return { data: null, status: 'miss' };
  }
  const head = header(source);
  const start = head.length + source.length;
  const fits =
    raw.length > start &&
    raw.subarray(0, head.length).equals(head) &&
    raw.subarray(head.length, start).equals(source);
  return fits ? { data: raw.subarray(start), status: 'miss' } : { data: null, status: 'stale' };
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
