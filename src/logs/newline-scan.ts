import { NEWLINE_SCAN_WASM } from './newline-scan-module';
import { instantiateWasm } from './wasm-instance';

/** Flags a scan reports about the bytes it read (any of them, anywhere). */
export const SCAN_CR = 1;
/** At least one line feed was reported with LOOK_BIT. */
export const SCAN_LOOK = 2;
/** An escape (27) occurs. */
export const SCAN_ESC = 4;
/** A byte of 128 or more occurs: the bytes are not all ASCII. */
export const SCAN_HIGH = 8;
/**
 * Set in a position when the line that ends there may interest a detector (newline-scan.wat lists what that
 * means): an error mark's pair, a URL, an operating-system command, or an end that may read `:digits`.
 */
export const LOOK_BIT = 0x8000_0000;

/**
 * Two adjacent bytes out of each error mark (detectors/shapes.ts ERROR_MARKS), chosen to be rare in ordinary
 * output, so a line without any starts no error group. One exception: "panic" has no rare pair ("pa", "an",
 * "ni", "ic" are everywhere: "finished", "admin"), but the only group a line whose sole mark is "panic" can start
 * is Go's, which needs "panic: ", so its pair is "c:". The .wat spells out the same pairs; test/newline-scan.test.ts
 * checks that the scan flags exactly these, that every other mark contains one, and (with the detectors
 * themselves) that a line it skips is one on which a detector finds nothing.
 */
export const MARK_PAIRS: readonly string[] = ['RR', 'FA', 'Fa', 'Tr', 'Mo', 'c:', 'rr'];

/**
 * Marked beside MARK_PAIRS and the other looks, because the scan finds pairs by classes of bytes (newline-scan.wat)
 * and a class holds every byte its nibbles make: RR and rr come with Rr and rR; "c:" and "c" ESC with "c;" and
 * "c" SUB; ⨯'s E2 A8 and ESC "]" with the pairs of {12 1B E2 EB} and {58 5D A8 AD}. Each is rare in output (the
 * ones valid in UTF-8 are a few Korean syllables and the symbols from U+2B40, ⭐ among them); a look too many only
 * has a detector read a line for nothing.
 */
export const CROSS_PAIRS: readonly string[] = ['Rr', 'rR', 'c;', 'c\x1a', '\x12X', '\x12]', '\x12\xa8', '\x12\xad', '\x1bX', '\x1b\xa8', '\x1b\xad', '\xe2X', '\xe2]', '\xe2\xad', '\xebX', '\xeb]', '\xeb\xa8', '\xeb\xad'];

/**
 * Looked for beside the pairs: a colour code between "panic" and its ":" ("panic\x1b[1m: boom" reads "panic: boom")
 * hides "c:", and "c" followed by an escape is rare in ordinary output.
 */
export const HIDDEN_PANIC_PAIR = 'c\x1b';

/**
 * Finds the line feeds of a chunk with wasm SIMD, 16 bytes a step (src/logs/newline-scan.wat), and in the same
 * pass which of its lines a detector could want. Why: the splitter's plain-text path asked Buffer#indexOf once
 * per line (a call into C++ for every line), and the error screen then ran a regex over every block holding a
 * colon, which real log lines (timestamps, JSON) always do: 12–37 % of a headless flood's CPU (bench/headless).
 *
 * After `scan`, `positions` holds the offsets (in the chunk) of its line feeds at and after `from`, each with
 * LOOK_BIT where its line needs a look, valid until the next scan by anyone: the scanner is one shared instance,
 * and every caller is synchronous.
 */
export class NewlineScanner {
  /** Largest chunk a scan takes; a bigger one is left to the caller's other path. */
  static readonly MAX_CHUNK = 1024 * 1024;
  /** Past the input and the 32 bytes a scan zeroes after it. */
  private static readonly OUT = NewlineScanner.MAX_CHUNK + 64;

  private readonly bytes: Uint8Array;
  /** Offsets of the line feeds the last scan found (only its first `count` entries are meaningful). */
  readonly positions: Uint32Array;
  /** Flags of the last scan: SCAN_CR, SCAN_LOOK, SCAN_ESC, SCAN_HIGH. */
  flags = 0;

  constructor(private readonly exports: ScanExports) {
    // Input at [0, MAX_CHUNK), offsets after it: at most one per byte, 4 bytes each. 81 pages, a little over 5 MiB
    // of address space, of which a 64 KiB chunk touches ~320 KiB.
    this.bytes = new Uint8Array(exports.memory.buffer);
    this.positions = new Uint32Array(exports.memory.buffer, NewlineScanner.OUT);
  }

  /**
   * Scans `chunk[from…]`; returns how many line feeds it holds. Requires chunk.length ≤ MAX_CHUNK. `urls` false
   * leaves URLs out of the looks, for a process whose detector keeps no more of them.
   */
  scan(chunk: Uint8Array, from: number, urls = true): number {
    this.bytes.set(chunk);
    const count = this.exports.scan(from, chunk.length, NewlineScanner.OUT, urls ? 1 : 0);
    this.flags = this.exports.flags.value as number;
    return count;
  }

  /**
   * The line feeds and flags of `chunk[from…]` without looks (no LOOK_BIT, no SCAN_LOOK): what the splitter would
   * need from a scan if no detector read any line. The benches time `scan` against it for what the looks cost.
   */
  linesOnly(chunk: Uint8Array, from: number): number {
    this.bytes.set(chunk);
    const count = this.exports.linesOnly(from, chunk.length, NewlineScanner.OUT);
    this.flags = this.exports.flags.value as number;
    return count;
  }

}

/** What newline-scan.wat exports. */
interface ScanExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  readonly flags: { readonly value: unknown };
  readonly scan: (start: number, end: number, out: number, urls: number) => number;
  readonly linesOnly: (start: number, end: number, out: number) => number;
}

let shared: NewlineScanner | null | undefined;

/**
 * The process's scanner, or null where this Node cannot run it (no WebAssembly, or no SIMD): callers then keep
 * their byte-search path, which gives the same lines.
 */
export function newlineScanner(): NewlineScanner | null {
  if (shared !== undefined) return shared;
  const exports = instantiateWasm(NEWLINE_SCAN_WASM);
  return (shared = exports === null ? null : new NewlineScanner(exports as ScanExports));
}
