import { instantiateWasm } from '../logs/wasm-instance';
import { PREFIX_LINES_WASM } from './prefix-lines-module';

/** What prefix-lines.wat exports. */
interface PrefixExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly prefix: (src: number, len: number, pre: number, plen: number, dst: number, reset: number) => number;
}

const PAGE = 64 * 1024;
/** The wasm loop stores whole 16-byte vectors, so each region keeps this much room after its end. */
const SLACK = 16;
/** ESC [ 0 m after a line's text (see prefix-lines.wat). */
const RESET_BYTES = 4;

/**
 * `prefix + line + '\n'` for every line of a block, built by prefix-lines.wat: the lines are copied into wasm
 * memory with one native copy (or one native encode, for a string), prefixed there 16 bytes a step, and copied
 * out with one more. No byte passes through a JavaScript loop.
 */
export class LinePrefixer {
  private view: Buffer;

  constructor(private readonly exports: PrefixExports) {
    this.view = Buffer.from(exports.memory.buffer);
  }

  /**
   * The block's `lines` (joined by '\n', no trailing break; UTF-8 bytes, or a string encoded here) with `prefix`
   * before each and '\n' after each. `reset` appends ESC [ 0 m to every line that holds an escape.
   */
  prefix(lines: Uint8Array | string, count: number, prefix: Uint8Array, reset: boolean): Buffer {
    const plen = prefix.length;
    // A string's UTF-8 takes at most 3 bytes per UTF-16 unit.
    const maxIn = typeof lines === 'string' ? lines.length * 3 : lines.length;
    const src = roundUp(plen + SLACK);
    const dst = roundUp(src + maxIn + SLACK);
    const maxOut = maxIn + (count + 1) * (plen + 1 + (reset ? RESET_BYTES : 0));
    this.reserve(dst + maxOut + SLACK);
    const view = this.view;
    view.set(prefix, 0);
    let len: number;
    if (typeof lines === 'string') len = view.write(lines, src, maxIn, 'utf8');
    else {
      view.set(lines, src);
      len = lines.length;
    }
    const end = this.exports.prefix(src, len, 0, plen, dst, reset ? 1 : 0);
    // The memory is reused by the next block while this one may still be queued in the stream: hand out a copy.
    const out = Buffer.allocUnsafe(end - dst);
    view.copy(out, 0, dst, end);
    return out;
  }

  private reserve(bytes: number): void {
    const have = this.exports.memory.buffer.byteLength;
    if (bytes <= have) return;
    this.exports.memory.grow(Math.ceil((bytes - have) / PAGE));
    // Growing detaches the old buffer.
    this.view = Buffer.from(this.exports.memory.buffer);
  }
}

function roundUp(n: number): number {
  return (n + 15) & ~15;
}

let shared: LinePrefixer | null | undefined;

/** The process's prefixer, or null where this Node cannot run it (no WebAssembly or no SIMD). */
export function linePrefixer(): LinePrefixer | null {
  if (shared !== undefined) return shared;
  const exports = instantiateWasm(PREFIX_LINES_WASM);
  return (shared = exports === null ? null : new LinePrefixer(exports as PrefixExports));
}
