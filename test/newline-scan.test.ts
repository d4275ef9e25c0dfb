import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { screenBlock } from '../src/logs/detectors';
import { ERROR_MARKS } from '../src/logs/detectors/shapes';
import type { LineBlock } from '../src/logs/line-block';
import { BlockSplitter } from '../src/logs/line-splitter';
import { MARK_PAIRS, NewlineScanner, newlineScanner, SCAN_CR, SCAN_LOOK } from '../src/logs/newline-scan';
import { ROOT } from './helpers/brum';

/** What a scan of bytes[from…] must report, worked out the plain way. */
function reference(bytes: Uint8Array, from: number): { positions: number[]; flags: number } {
  const positions: number[] = [];
  let flags = 0;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 10) positions.push(i);
    if (b === 13) flags |= SCAN_CR;
    if (b === 27 || b === 58) flags |= SCAN_LOOK;
    if (i + 1 < bytes.length && MARK_PAIRS.includes(String.fromCharCode(b, bytes[i + 1] as number))) flags |= SCAN_LOOK;
  }
  return { positions, flags };
}

// Bytes rich in what the scan reports: breaks, escapes, colons, the letters of every pair, and anything else.
const pieces = ['\n', '\r', '\x1b', ':', 'R', 'F', 'A', 'a', 'T', 'r', 'M', 'o', 'n', 'i', ' ', 'x', 'E', 'p', '\n\n'];
const bytesArb = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pieces).map((s) => Buffer.from(s, 'latin1')) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }) }), {
    maxLength: 120,
  })
  .map((parts) => Buffer.concat(parts));

function scannerOrFail(): NewlineScanner {
  const scanner = newlineScanner();
  // This Node has wasm SIMD; without this the tests below would only ever test the fallback.
  if (scanner === null) throw new Error('no wasm scanner on this Node');
  return scanner;
}

describe('newline scanner (wasm SIMD)', () => {
  it('is available on this Node, so the splitter really uses it', () => {
    expect(newlineScanner()).toBeInstanceOf(NewlineScanner);
  });

  it('reports exactly the line feeds and flags of the plain reference, from any offset, in any alignment', () => {
    const scanner = scannerOrFail();
    fc.assert(
      fc.property(bytesArb, fc.nat(), (bytes, at) => {
        const from = bytes.length === 0 ? 0 : at % (bytes.length + 1);
        const count = scanner.scan(bytes, from);
        const want = reference(bytes, from);
        expect(Array.from(scanner.positions.subarray(0, count))).toEqual(want.positions);
        expect(scanner.flags).toBe(want.flags);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds a pair or an escape wherever it lies: in each of the 16 lanes, across lanes and in the tail', () => {
    const scanner = scannerOrFail();
    for (const needle of [...MARK_PAIRS, '\x1b', ':']) {
      for (let len = needle.length; len <= 50; len++) {
        for (let at = 0; at + needle.length <= len; at++) {
          const bytes = Buffer.alloc(len, 'x');
          bytes.write(needle, at, 'latin1');
          scanner.scan(bytes, 0);
          expect(scanner.flags, `${JSON.stringify(needle)} at ${at} of ${len}`).toBe(SCAN_LOOK);
        }
      }
    }
  });

  it('covers every error mark with a pair, so a chunk without pairs holds no mark', () => {
    for (const mark of ERROR_MARKS) expect(MARK_PAIRS.some((pair) => mark.includes(pair)), mark).toBe(true);
  });

  it('a block the scan calls quiet is one the error screen would pass over anyway', () => {
    fc.assert(
      fc.property(bytesArb, (bytes) => {
        const blocks: LineBlock[] = [];
        const splitter = new BlockSplitter((b) => blocks.push(b), 64 * 1024, 1, scannerOrFail());
        // Printable ASCII only: that is what takes the path that marks blocks quiet.
        splitter.push(Buffer.from(bytes.map((b) => (b === 10 || b === 27 || b === 58 ? b : 32 + (b % 95)))));
        for (const block of blocks) if (block.quiet === true) expect(screenBlock({ ...blockFields(block), quiet: false })).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it('gives the splitter the same blocks, escape hints included, as the byte searches do', () => {
    fc.assert(
      fc.property(bytesArb, fc.array(fc.nat({ max: 2000 }), { maxLength: 8 }), (bytes, cuts) => {
        const run = (scanner: NewlineScanner | null): object[] => {
          const blocks: object[] = [];
          const splitter = new BlockSplitter((b) => blocks.push(blockFields(b)), 64 * 1024, 1, scanner);
          let start = 0;
          for (const cut of [...cuts.map((c) => c % (bytes.length + 1)), bytes.length].sort((a, b) => a - b)) {
            splitter.push(bytes.subarray(start, Math.max(start, cut)));
            start = Math.max(start, cut);
          }
          splitter.end();
          return blocks;
        };
        expect(run(scannerOrFail())).toEqual(run(null));
      }),
      { numRuns: 1000 },
    );
  });

  it('is assembled from the committed .wat (scripts/build-wasm.mjs --check)', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/build-wasm.mjs'), '--check'], { encoding: 'utf8' });
    expect(r.stdout).toContain('newline-scan-module.ts is current');
    expect(r.status).toBe(0);
  });
});

/** A block's readable content, for comparing blocks built two ways. */
function blockFields(b: LineBlock): LineBlock {
  return { text: b.text, count: b.count, ends: Uint32Array.from(b.ends), cuts: b.cuts, hasEscape: b.hasEscape, ...(b.ascii !== undefined ? { ascii: b.ascii } : {}) };
}
