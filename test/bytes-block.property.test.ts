// A block that keeps bytes (AsciiBytesBlock, Utf8BytesBlock) must read exactly like the same lines kept as a string:
// in the log store's reads, in search, in the detector's view and in the headless writer.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { linePrefixer } from '../src/headless/prefix-lines';
import { AsciiBytesBlock, blockOf, lineAt, lineIn, Utf8BytesBlock, type LineBlock } from '../src/logs/line-block';
import { LogStore } from '../src/logs/log-store';
import { search } from '../src/logs/search';

function utf8BlockOf(lines: readonly string[]): Utf8BytesBlock {
  const byteEnds = new Uint32Array(lines.length);
  let at = -1;
  lines.forEach((l, i) => (byteEnds[i] = at = at + 1 + Buffer.byteLength(l)));
  const text = lines.join('\n');
  return new Utf8BytesBlock(Buffer.from(text), lines.length, byteEnds, text.includes('\x1b'));
}

function bytesBlockOf(lines: readonly string[]): AsciiBytesBlock {
  const ref = blockOf(lines);
  return new AsciiBytesBlock(Buffer.from(ref.text, 'latin1'), ref.count, ref.ends, ref.hasEscape);
}

// ASCII lines with the things search and stripping care about: colours, words, digits, symbols.
const line = fc
  .array(fc.constantFrom('error', 'Error', 'GET /x 503', 'ok', ' ', 'TS2345', '\x1b[31m', '\x1b[0m', 'a', '12', ':', '.', '\t'), { maxLength: 6 })
  .map((parts) => parts.join(''));
const blocks = fc.array(fc.array(line, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 });
const query = fc.constantFrom('error', 'ERROR', '503', 'a', 'ok ', 'e.r', '\\d+', 'GET \\S+ 5\\d\\d', '^ok', 'r$', '(?=T)TS');

function stores(lineBlocks: readonly (readonly string[])[], make: (lines: readonly string[]) => LineBlock): LogStore {
  // Small caps, so eviction runs over both kinds of block too.
  const store = new LogStore({ maxLinesPerProcess: 20, maxMergedLines: 30 });
  lineBlocks.forEach((lines, i) => store.appendBlock(i % 2 === 0 ? 'web' : 'api', 'stdout', make(lines), 1000 + i));
  return store;
}

describe('AsciiBytesBlock reads like the string block of the same lines', () => {
  it('line by line, as text and in length', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), (lines) => {
        const ref = blockOf(lines);
        const bytes = bytesBlockOf(lines);
        expect(bytes.text).toBe(ref.text);
        expect(bytes.ends).toEqual(ref.ends);
        for (let i = 0; i < lines.length; i++) expect(lineAt(bytes, i)).toBe(lines[i]);
      }),
    );
  });

  it('in the log store: tails, windows, counters and search give the same answers', () => {
    fc.assert(
      fc.property(blocks, query, fc.boolean(), fc.boolean(), (lineBlocks, q, regex, caseSensitive) => {
        const a = stores(lineBlocks, blockOf);
        const b = stores(lineBlocks, bytesBlockOf);
        for (const proc of [null, 'web', 'api']) {
          expect(b.tail(proc, 50)).toEqual(a.tail(proc, 50));
          expect(b.window(proc, 3, 7)).toEqual(a.window(proc, 3, 7));
          expect(b.counters(proc)).toEqual(a.counters(proc));
          expect(search(b, { query: q, regex, caseSensitive, proc })).toEqual(search(a, { query: q, regex, caseSensitive, proc }));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('in the headless writer: the same prefixed bytes from a Buffer as from the string', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 10 }), (lines) => {
        const ref = blockOf(lines);
        const prefix = Buffer.from('[web] ');
        const prefixer = linePrefixer();
        expect(prefixer).not.toBeNull();
        expect(prefixer?.prefix(bytesBlockOf(lines).bytes, ref.count, prefix, true)).toEqual(prefixer?.prefix(ref.text, ref.count, prefix, true));
      }),
    );
  });
});

describe('Utf8BytesBlock reads like the string block of the same lines', () => {
  const utf8Line = fc
    .array(fc.constantFrom('error', '✓ ok', '➜  Local: http://localhost:5173/', '界', '🙂', 'é', '\x1b[32m', '\x1b[0m', ' ', '12', ':'), { maxLength: 6 })
    .map((parts) => parts.join(''));

  it('line by line, its text and where its lines end in that text (counted on first use)', () => {
    fc.assert(
      fc.property(fc.array(utf8Line, { minLength: 1, maxLength: 10 }), (lines) => {
        const ref = blockOf(lines);
        const bytes = utf8BlockOf(lines);
        for (let i = 0; i < lines.length; i++) expect(lineAt(bytes, i)).toBe(lines[i]);
        expect(bytes.text).toBe(ref.text);
        expect(bytes.ends).toEqual(ref.ends);
        for (let i = 0; i < lines.length; i++) expect(lineIn(bytes, bytes.text, i)).toBe(lines[i]);
      }),
    );
  });

  it('in the log store: the same lines and search answers, its bytes charged as UTF-8', () => {
    fc.assert(
      fc.property(fc.array(fc.array(utf8Line, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }), query, (lineBlocks, q) => {
        const a = stores(lineBlocks, blockOf);
        const b = stores(lineBlocks, utf8BlockOf);
        for (const proc of [null, 'web', 'api']) {
          expect(b.tail(proc, 50)).toEqual(a.tail(proc, 50));
          expect(b.window(proc, 3, 7)).toEqual(a.window(proc, 3, 7));
          expect(search(b, { query: q, regex: false, caseSensitive: false, proc })).toEqual(search(a, { query: q, regex: false, caseSensitive: false, proc }));
        }
        expect(b.counters(null).lines).toBe(a.counters(null).lines);
        expect(b.counters(null).bytes).toBe(lineBlocks.flat().reduce((n, l) => n + Buffer.byteLength(l) + 1, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('is never decoded to be stored, counted or evicted', () => {
    let decoded = 0;
    class Counting extends Utf8BytesBlock {
      override get text(): string {
        decoded++;
        return super.text;
      }
    }
    const store = new LogStore({ maxLinesPerProcess: 5, maxMergedLines: 7 });
    for (let i = 0; i < 20; i++) {
      const lines = [`✓ line ${i}`, `➜ next ${i}`];
      const plain = utf8BlockOf(lines);
      store.appendBlock('web', 'stdout', new Counting(plain.bytes, plain.count, plain.byteEnds, false), 1000 + i);
    }
    expect(store.counters('web').dropped).toBeGreaterThan(0);
    expect(decoded).toBe(0);
    expect(store.tail('web', 2).map((e) => e.text)).toEqual(['✓ line 19', '➜ next 19']);
  });
});
