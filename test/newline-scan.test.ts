import { spawnSync } from 'node:child_process';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createDetector } from '../src/logs/detectors';
import { detectBlock } from '../src/logs/detectors/detect-block';
import { ERROR_MARKS, startErrorGroup } from '../src/logs/detectors/shapes';
import { isCut, lineAt, type LineBlock } from '../src/logs/line-block';
import { BlockSplitter } from '../src/logs/line-splitter';
import { CROSS_PAIRS, HIDDEN_PANIC_PAIR, LOOK_BIT, MARK_PAIRS, NewlineScanner, newlineScanner, SCAN_CR, SCAN_ESC, SCAN_HIGH, SCAN_LOOK } from '../src/logs/newline-scan';
import { ROOT } from './helpers/brum';

/** The scan's rule for the end of a line (newline-scan.wat $endLook), the plain way. */
function endLookRef(bytes: Uint8Array, nl: number, from: number, esc: boolean): boolean {
  const at = (i: number): number => bytes[i] as number;
  const digit = (b: number): boolean => b >= 48 && b <= 57;
  let p = nl - 1;
  while (esc) {
    if (p < from) return true;
    const b = at(p);
    if (b === 27) {
      p -= 1;
      continue;
    }
    if (b === 7 || b === 92) return true;
    if (b < 64 || b > 126) break;
    if (p - 1 >= from && at(p - 1) === 27) {
      p -= 2;
      continue;
    }
    if (p - 2 >= from && at(p - 2) === 27 && [40, 41, 35].includes(at(p - 1))) {
      p -= 3;
      continue;
    }
    let q = p - 1;
    while (q >= from && at(q) >= 32 && at(q) <= 63) q--;
    if (q - 1 < from || at(q) !== 91 || at(q - 1) !== 27) break;
    p = q - 2;
  }
  if (p < from) return true;
  if (!digit(at(p))) return false;
  do p--;
  while (p >= from && digit(at(p)));
  if (p < from) return true;
  return at(p) === 58 || (esc && at(p) !== 32 && at(p) !== 9);
}

/** What a scan of bytes[from…] must report, worked out the plain way (`urls` false: ":/" is no look). */
function reference(bytes: Uint8Array, from: number, urls = true): { positions: number[]; flags: number } {
  const pieces = urls ? LOOK_PIECES : LOOK_PIECES.filter((p) => p !== ':/');
  const positions: number[] = [];
  let flags = 0;
  let lineStart = from;
  for (let i = from; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if (b === 13) flags |= SCAN_CR;
    if (b === 27) flags |= SCAN_ESC;
    if (b >= 128) flags |= SCAN_HIGH;
    if (b !== 10) continue;
    const line = Buffer.from(bytes.subarray(lineStart, i)).toString('latin1');
    // The end is only walked for a line holding an escape, or a colon before a digit.
    const esc = line.includes('\x1b');
    const look = pieces.some((piece) => line.includes(piece)) || ((esc || /:\d/.test(line)) && endLookRef(bytes, i, from, esc));
    positions.push(look ? (i | LOOK_BIT) >>> 0 : i);
    if (look) flags |= SCAN_LOOK;
    lineStart = i + 1;
  }
  return { positions, flags };
}

/**
 * What a line must hold anywhere for a look: the mark pairs (and the two that share their class), ⨯'s first two
 * bytes, a URL's ":/", an OS command, and "c" before an escape (a colour code inside "panic:").
 */
const LOOK_PIECES = [...MARK_PAIRS, ...CROSS_PAIRS, '\xe2\xa8', ':/', '\x1b]', HIDDEN_PANIC_PAIR];

// Bytes rich in what the scan reports: breaks, escapes, colons, the letters of every pair, and anything else.
const pieces = ['\n', '\r', '\x1b', ':', 'c', 'R', 'F', 'A', 'a', 'T', 'r', 'M', 'o', 'n', 'i', ' ', 'x', 'E', 'p', '\n\n', '/', '1', '23', '[', ']', 'm', '\x1b[0m', '(', 'B', '\x07', '\\\\', ';', '\xe2', '\xa8', '\t', 'X', '\xad', '\xeb', '\x12', '\x1a'];
const bytesArb = fc
  .array(fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...pieces).map((s) => Buffer.from(s, 'latin1')) }, { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 40 }) }), {
    maxLength: 120,
  })
  .map((parts) => Buffer.concat(parts));

// Pieces of what the detectors look for (headers, frames, URLs, locations), with colours, escapes and glyphs.
const DETECTOR_PIECES = [
  'Error: boom', 'TypeError: x is not a function', 'error', 'ERROR', '[ERROR]', 'npm ERR!', 'FAIL', 'Failed to compile', 'panic: ', 'panic', 'fatal error: ',
  'Traceback (most recent call last):', 'panic: oops', 'Module not found', 'error TS2322: bad', 'src/a.ts(12,5): ',
  '    at fn (/app/src/x.ts:12:5)', '/app/server.js:12', 'node:internal/x:3', '⨯ ./app/page.tsx:4:2', '⨯', '✓', '➜',
  'http://localhost:3000', 'https://x.io/a', '://', ':', '12', ':12', ' ', '\t', 'ok', 'GET /api 200', '2026-11-23T10:00:00Z',
  '\x1b[31m', '\x1b[0m', '\x1b[1m', '\x1b[K', '\x1b(B', '\x1b7', '\x1b', '\x1b]8;;http://x\x07', '\x1b\\', '\x07', 'm', 'rror',
];

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
      fc.property(bytesArb, fc.nat(), fc.boolean(), (bytes, at, urls) => {
        const from = bytes.length === 0 ? 0 : at % (bytes.length + 1);
        const count = scanner.scan(bytes, from, urls);
        const want = reference(bytes, from, urls);
        expect(Array.from(scanner.positions.subarray(0, count))).toEqual(want.positions);
        expect(scanner.flags).toBe(want.flags);
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the same line feeds and flags without looks (linesOnly: the baseline the benches time the looks against)', () => {
    const scanner = scannerOrFail();
    fc.assert(
      fc.property(bytesArb, fc.nat(), (bytes, at) => {
        const from = bytes.length === 0 ? 0 : at % (bytes.length + 1);
        const want = reference(bytes, from);
        const count = scanner.linesOnly(bytes, from);
        expect(Array.from(scanner.positions.subarray(0, count))).toEqual(want.positions.map((p) => p & ~LOOK_BIT));
        expect(scanner.flags).toBe(want.flags & ~SCAN_LOOK);
      }),
      { numRuns: 1000 },
    );
  });

  it('marks a line for each piece wherever it lies: in each of the 16 lanes, across lanes and in the tail', () => {
    const scanner = scannerOrFail();
    for (const needle of [...LOOK_PIECES, ':12', ':\x1b[1m7\x1b[0m']) {
      for (let len = needle.length; len <= 50; len++) {
        for (let at = 0; at + needle.length <= len; at++) {
          // The digit ends only count at the end of the line.
          if (needle.startsWith(':') && needle !== ':/' && at + needle.length !== len) continue;
          const bytes = Buffer.from('x'.repeat(at) + needle + 'x'.repeat(len - at - needle.length) + '\nok\n', 'latin1');
          expect(scanner.scan(bytes, 0)).toBe(2);
          const what = `${JSON.stringify(needle)} at ${at} of ${len}`;
          expect(scanner.positions[0], what).toBe((len | LOOK_BIT) >>> 0);
          expect(scanner.positions[1], what).toBe(len + 3);
          expect(scanner.flags & SCAN_LOOK, what).toBe(SCAN_LOOK);
        }
      }
    }
  });

  it('marks exactly the reference\'s lines among all 65,536 byte pairs (so every class mate is listed)', () => {
    const scanner = scannerOrFail();
    // One line per pair, "x" a b "x": the scan's classes must give no pair beyond LOOK_PIECES, with or without URLs.
    const lines: number[] = [];
    for (let a = 0; a < 256; a++) for (let b = 0; b < 256; b++) lines.push(120, a, b, 120, 10);
    const bytes = Buffer.from(lines);
    for (const urls of [true, false]) {
      const count = scanner.scan(bytes, 0, urls);
      expect(Array.from(scanner.positions.subarray(0, count))).toEqual(reference(bytes, 0, urls).positions);
    }
  });

  it('leaves URL lines out of the looks once the detectors want no more URLs, but not errors that hold one', () => {
    const lines = ['GET http://localhost:3000/a', 'Error: fetch failed http://localhost:9/x', 'plain line'];
    const looksWith = (urls: boolean): number[] => {
      const blocks: LineBlock[] = [];
      const splitter = new BlockSplitter((b) => blocks.push(b), 64 * 1024, 1, scannerOrFail(), () => urls);
      splitter.push(Buffer.from(lines.join('\n') + '\n'));
      return Array.from(blocks[0]?.looks ?? []);
    };
    expect(looksWith(true)).toEqual([0, 1]);
    expect(looksWith(false)).toEqual([1]);
  });

  it('covers every error mark with a pair, and "panic" (whose only starter needs "panic: ") with "c:"', () => {
    for (const mark of ERROR_MARKS) {
      if (mark === 'panic') expect(MARK_PAIRS).toContain('c:');
      else expect(MARK_PAIRS.some((pair) => mark.includes(pair)), mark).toBe(true);
    }
    // A line whose only mark is "panic" starts a group only as Go's `panic: …`.
    for (const line of ['panic', 'a panic here', 'panic!', 'panicked', 'panic : x', 'panic:x']) expect(startErrorGroup(line), line).toBeNull();
    expect(startErrorGroup('panic: boom')).not.toBeNull();
  });

  it('a colour code between "panic" and its ":" (which hides the scan\'s pair) still reaches the detector', () => {
    // The property below found it: "panic\x1b[1m: \t" reads "panic: \t", a Go panic's first line.
    const blocks: LineBlock[] = [];
    const splitter = new BlockSplitter((b) => blocks.push(b), 64 * 1024, 1, scannerOrFail());
    splitter.push(Buffer.from('ok\npanic\x1b[1m: boom\nnext\n'));
    const detector = createDetector('p');
    let found = 0;
    let fed = 0;
    for (const block of blocks) fed += detectBlock(detector, block, { proc: 'p', stream: 'stdout', ts: 0, first: 0 }, (d) => (found += d.length));
    found += detector.flush().length;
    // The panic line was read (and the line after it, while its group was open), and the panic reported.
    expect(fed).toBeGreaterThanOrEqual(1);
    expect(found).toBe(1);
  });

  it('skips only lines on which a detector finds nothing and opens no group', () => {
    // Lines built from what detectors look for, in and out of colour, ASCII and not.
    const word = fc.constantFrom(...DETECTOR_PIECES);
    const lineArb = fc.array(word, { maxLength: 8 }).map((w) => w.join(''));
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 30 }), fc.nat({ max: 3 }), (lines, at) => {
        const blocks: LineBlock[] = [];
        const splitter = new BlockSplitter((b) => blocks.push(b), 64 * 1024, 1, scannerOrFail());
        const bytes = Buffer.from(lines.join('\n') + '\n');
        // Split once somewhere, so carried lines (which the scan does not see whole) come up too.
        const cut = at === 0 ? 0 : Math.floor(bytes.length / (at + 1));
        splitter.push(bytes.subarray(0, cut));
        splitter.push(bytes.subarray(cut));
        for (const block of blocks) {
          // Only the line carried over a chunk's end is a block of its own without looks: it is screened whole.
          if (block.looks === undefined) {
            expect(block.count).toBe(1);
            continue;
          }
          for (let i = 0; i < block.count; i++) {
            if (block.looks.includes(i)) continue;
            const detector = createDetector('p');
            const text = lineAt(block, i);
            expect(detector.feed({ seq: 1, proc: 'p', stream: 'stdout', ts: 0, text, cut: false }), JSON.stringify(text)).toEqual([]);
            expect(detector.busy, JSON.stringify(text)).toBe(false);
            expect(detector.flush(), JSON.stringify(text)).toEqual([]);
          }
        }
      }),
      { numRuns: 3000 },
    );
    // The seed that found the colour code between "panic" and its ":", kept so it is tried every run.
    fc.assert(
      fc.property(fc.constant([['panic\x1b[1m: \t', ''], 0] as const), ([lines, at]) => {
        const blocks: LineBlock[] = [];
        const splitter = new BlockSplitter((b) => blocks.push(b), 64 * 1024, 1, scannerOrFail());
        const bytes = Buffer.from(lines.join('\n') + '\n');
        splitter.push(bytes.subarray(0, at));
        splitter.push(bytes.subarray(at));
        const detector = createDetector('p');
        let fed = 0;
        for (const block of blocks) fed += detectBlock(detector, block, { proc: 'p', stream: 'stdout', ts: 0, first: 0 }, () => undefined);
        expect(fed).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('an empty chunk between the halves of a broken character changes nothing (a counterexample the property below found)', () => {
    const run = (scanner: NewlineScanner | null): string[] => {
      const lines: string[] = [];
      const splitter = new BlockSplitter((b) => {
        for (let i = 0; i < b.count; i++) lines.push(lineAt(b, i));
      }, 64 * 1024, 1, scanner);
      const bytes = Buffer.from([0xe0, 0x80, 0, 10, 0x80, 0, 0]);
      for (const piece of [bytes.subarray(0, 2), bytes.subarray(2, 2), bytes.subarray(2)]) splitter.push(piece);
      splitter.end();
      return lines;
    };
    expect(run(null)).toEqual(['\ufffd\ufffd\0', '\ufffd\0\0']);
    expect(run(scannerOrFail())).toEqual(run(null));
  });

  it('gives the splitter the same lines, and true escape hints, as the byte searches do', () => {
    // Blocks may group lines differently (without the scanner, non-ASCII chunks take the string path), so this
    // compares lines, each with whether its block says it may hold an escape.
    fc.assert(
      fc.property(bytesArb, fc.array(fc.nat({ max: 2000 }), { maxLength: 8 }), (bytes, cuts) => {
        const run = (scanner: NewlineScanner | null): Array<[string, boolean]> => {
          const lines: Array<[string, boolean]> = [];
          const splitter = new BlockSplitter(
            (b) => {
              expect(b.hasEscape).toBe(b.text.includes('\x1b'));
              for (let i = 0; i < b.count; i++) lines.push([lineAt(b, i), isCut(b, i)]);
            },
            64 * 1024,
            1,
            scanner,
          );
          let start = 0;
          for (const cut of [...cuts.map((c) => c % (bytes.length + 1)), bytes.length].sort((a, b) => a - b)) {
            splitter.push(bytes.subarray(start, Math.max(start, cut)));
            start = Math.max(start, cut);
          }
          splitter.end();
          return lines;
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
