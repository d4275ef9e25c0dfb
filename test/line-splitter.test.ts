import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiBytesBlock, lineAt, Utf8BytesBlock, type LineBlock } from '../src/logs/line-block';
import { BlockSplitter } from '../src/logs/line-splitter';
import { newlineScanner } from '../src/logs/newline-scan';
import { splitChunks, utf8, type Line } from './helpers/split';


/** Cuts `bytes` at the given offsets (any numbers: they are wrapped into range, sorted and deduplicated). */
function chunkAt(bytes: Uint8Array, points: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(points.map((p) => (bytes.length === 0 ? 0 : p % (bytes.length + 1))))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const cut of cuts) {
    chunks.push(bytes.subarray(start, cut));
    start = cut;
  }
  chunks.push(bytes.subarray(start));
  return chunks;
}

/**
 * The obvious model over a whole, already-decoded string: breaks are \r\n, \r and \n; a final empty piece is not a
 * line; a line longer than `max` is cut into `max`-sized pieces (one shorter if a surrogate pair would be split),
 * every piece but the last marked cut.
 */
function model(text: string, max: number): Line[] {
  const pieces = text.replace(/\r\n|\r/g, '\n').split('\n');
  if (pieces[pieces.length - 1] === '') pieces.pop();
  const out: Line[] = [];
  for (const line of pieces) {
    let rest = line;
    while (rest.length > max) {
      let end = max;
      const code = rest.charCodeAt(end - 1);
      if (code >= 0xd800 && code <= 0xdbff) end -= 1;
      out.push([rest.slice(0, end), true]);
      rest = rest.slice(end);
    }
    out.push([rest, false]);
  }
  return out;
}


/** Byte material that stresses the splitter: breaks, multi-byte characters, and raw (possibly invalid) bytes. */
const tokenArb: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('\n', '\r', '\r\n', '\n\n', '\r\r').map(utf8) },
  { weight: 4, arbitrary: fc.constantFrom('a', 'b', 'xyz', ' ', '\t', '\u001b[31m').map(utf8) },
  { weight: 3, arbitrary: fc.constantFrom('é', '€', '😀', 'ß', '日本', '\u{10FFFF}').map(utf8) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom(0x80, 0xc3, 0xe2, 0xf0, 0x9f, 0xff).map((b) => new Uint8Array([b])) },
);

const bytesArb: fc.Arbitrary<Uint8Array> = fc
  .array(tokenArb, { maxLength: 60 })
  .map((tokens) => new Uint8Array(Buffer.concat(tokens)));

const pointsArb = fc.array(fc.nat({ max: 1000 }), { maxLength: 30 });

/** Valid text (no lone surrogates) made of the same material, for the string reference model. */
const textArb: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('\n', '\r', '\r\n', '\n\n') },
      { weight: 4, arbitrary: fc.constantFrom('a', 'bc', 'defg', ' ', 'é', '€', '😀', '😀😀', '日本') },
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

describe('LineSplitter properties', () => {
  it('gives the same lines for any chunking of any bytes as for the whole buffer at once (default cap)', () => {
    fc.assert(
      fc.property(bytesArb, pointsArb, (bytes, points) => {
        // Given any bytes; When fed whole, and fed in arbitrary chunks
        const whole = splitChunks([bytes]);
        const chunked = splitChunks(chunkAt(bytes, points));
        // Then the (text, cut) sequences are identical
        expect(chunked).toEqual(whole);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same lines for any chunking with a small cap, so cutting is exercised', () => {
    fc.assert(
      fc.property(bytesArb, pointsArb, fc.integer({ min: 2, max: 20 }), (bytes, points, max) => {
        const whole = splitChunks([bytes], max);
        const chunked = splitChunks(chunkAt(bytes, points), max);
        expect(chunked).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });

  it('with single-byte chunks equals the whole buffer', () => {
    fc.assert(
      fc.property(bytesArb, fc.integer({ min: 2, max: 20 }), (bytes, max) => {
        const bytewise = Array.from(bytes, (b) => new Uint8Array([b]));
        expect(splitChunks(bytewise, max)).toEqual(splitChunks([bytes], max));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the reference model on the decoded text, for any bytes, cap and chunking', () => {
    fc.assert(
      fc.property(bytesArb, pointsArb, fc.integer({ min: 2, max: 20 }), (bytes, points, max) => {
        // Given any bytes, decoded the standard way
        const decoded = Buffer.from(bytes).toString('utf8');
        // Then chunked splitting gives exactly the model's lines of that text
        expect(splitChunks(chunkAt(bytes, points), max)).toEqual(model(decoded, max));
      }),
      { numRuns: 1000 },
    );
  });

  it('without \\r and with short lines, equals input.split("\\n") minus a final empty piece', () => {
    const noCrArb = fc
      .array(fc.constantFrom('\n', '\n\n', 'a', 'bc', 'é', '€', '😀', ' '), { maxLength: 40 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(noCrArb, pointsArb, (input, points) => {
        // Given text without \r whose lines are all under the cap
        const expected = input.split('\n');
        if (expected[expected.length - 1] === '') expected.pop();
        // When split in any chunking
        const lines = splitChunks(chunkAt(utf8(input), points));
        // Then the lines are exactly the split pieces, none cut
        expect(lines.map(([text]) => text)).toEqual(expected);
        expect(lines.every(([, cut]) => !cut)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('on valid text: pieces never exceed the cap, rejoin to the line, and never split a surrogate pair', () => {
    fc.assert(
      fc.property(textArb, pointsArb, fc.integer({ min: 2, max: 20 }), (text, points, max) => {
        const lines = splitChunks(chunkAt(utf8(text), points), max);
        expect(lines).toEqual(model(text, max));
        // Rejoin cut pieces into whole lines
        const rejoined: string[] = [];
        let pending = '';
        for (const [piece, cut] of lines) {
          expect(piece.length).toBeLessThanOrEqual(max);
          expect(piece).not.toMatch(/[\uD800-\uDBFF]$/);
          expect(piece).not.toMatch(/^[\uDC00-\uDFFF]/);
          expect(piece).not.toContain('\uFFFD');
          if (cut) {
            expect(piece.length).toBeGreaterThan(0);
            pending += piece;
          } else {
            rejoined.push(pending + piece);
            pending = '';
          }
        }
        expect(pending).toBe('');
        const expected = text.replace(/\r\n|\r/g, '\n').split('\n');
        if (expected[expected.length - 1] === '') expected.pop();
        expect(rejoined).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same lines whether fed as strings or as bytes', () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 2, max: 20 }), (text, max) => {
        expect(splitChunks([text], max)).toEqual(splitChunks([utf8(text)], max));
      }),
      { numRuns: 300 },
    );
  });
});

describe('LineSplitter: chunks kept as bytes (AsciiBytesBlock) give the same lines as the string path', () => {
  // Mostly plain ASCII lines, so that many chunks qualify, with the odd \r, non-ASCII character or raw byte
  // so that chunks switch between the two paths in the middle of a stream.
  const asciiHeavyArb: fc.Arbitrary<Uint8Array> = fc
    .array(
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('a', 'bc', 'line 1', ' ', '\n', '\n\n', '\u001b[31mred\u001b[0m').map(utf8) },
        { weight: 1, arbitrary: fc.constantFrom('\r', '\r\n', 'é', '😀').map(utf8) },
        { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 3 }) },
      ),
      { maxLength: 80 },
    )
    .map((tokens) => new Uint8Array(Buffer.concat(tokens)));

  // Dev-server output: colours and glyphs on most lines, so most chunks are UTF-8 kept as bytes (Utf8BytesBlock).
  const utf8HeavyArb: fc.Arbitrary<Uint8Array> = fc
    .array(
      fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom('✓ built', '➜  Local:', ' ', '\n', 'ok', '○ compiling', '日本', '😀', '\u001b[32m', '─'.repeat(5)).map(utf8) },
        { weight: 1, arbitrary: fc.constantFrom('\r', '\r\n', '\u{10FFFF}').map(utf8) },
        { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 3 }) },
      ),
      { maxLength: 80 },
    )
    .map((tokens) => new Uint8Array(Buffer.concat(tokens)));

  for (const [name, arb] of [
    ['mostly ASCII', asciiHeavyArb],
    ['mostly UTF-8', utf8HeavyArb],
    ['any bytes', bytesArb],
  ] as const) {
    it(`matches the reference model for any chunking and cap (${name})`, () => {
      fc.assert(
        fc.property(arb, pointsArb, fc.integer({ min: 2, max: 20 }), (bytes, points, max) => {
          const decoded = Buffer.from(bytes).toString('utf8');
          // A threshold of 1 lets every chunk try the bytes path, which finds lines with the wasm scanner or,
          // without one (null), with byte searches.
          for (const scanner of [newlineScanner(), null]) {
            expect(splitChunks(chunkAt(bytes, points), max, 1, scanner)).toEqual(model(decoded, max));
            expect(splitChunks(chunkAt(bytes, points), 64 * 1024, 1, scanner)).toEqual(model(decoded, 64 * 1024));
          }
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('a block kept as UTF-8 bytes reads each line (lineAt) as its text sliced at its ends', () => {
    fc.assert(
      fc.property(utf8HeavyArb, pointsArb, (bytes, points) => {
        const blocks: LineBlock[] = [];
        const splitter = new BlockSplitter((b) => blocks.push(b), 64 * 1024, 1);
        for (const chunk of chunkAt(bytes, points)) splitter.push(chunk);
        splitter.end();
        for (const b of blocks) {
          const text = b.text;
          const sliced = Array.from({ length: b.count }, (_, i) => text.slice(i === 0 ? 0 : (b.ends[i - 1] as number) + 1, b.ends[i]));
          expect(Array.from({ length: b.count }, (_, i) => lineAt(b, i))).toEqual(sliced);
          expect(b.ends[b.count - 1]).toBe(text.length);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('a big UTF-8 chunk becomes a block that keeps its bytes, uncopied', () => {
    const lines = Array.from({ length: 300 }, (_, i) => `✓ line ${i} ➜ 😀 done`);
    const blocks: LineBlock[] = [];
    const splitter = new BlockSplitter((b) => blocks.push(b));
    const chunk = Buffer.from(`${lines.join('\n')}\n`);
    splitter.push(chunk);
    splitter.end();
    expect(blocks[0]).toBeInstanceOf(Utf8BytesBlock);
    expect(blocks[0]?.bytes?.buffer).toBe(chunk.buffer);
    expect(blocks[0]?.text).toBe(lines.join('\n'));
  });

  it('a big ASCII chunk becomes a block that keeps its bytes, uncopied, and reads back line for line', () => {
    const lines = Array.from({ length: 500 }, (_, i) => `flood line ${i} lorem ipsum`);
    const blocks: LineBlock[] = [];
    const splitter = new BlockSplitter((b) => blocks.push(b));
    splitter.push(Buffer.from('carried '));
    const chunk = Buffer.from(`over\n${lines.join('\n')}\ntail`);
    splitter.push(chunk);
    splitter.end();
    // The line begun in the earlier chunk is a block of its own, so the rest is the chunk's own memory.
    expect(blocks[0]?.text).toBe('carried over');
    const kept = blocks[1];
    expect(kept).toBeInstanceOf(AsciiBytesBlock);
    expect(kept?.bytes?.buffer).toBe(chunk.buffer);
    expect(kept?.text).toBe(lines.join('\n'));
    const read = blocks.flatMap((b) => Array.from({ length: b.count }, (_, i) => lineAt(b, i)));
    expect(read).toEqual(['carried over', ...lines, 'tail']);
  });

  it('a transient chunk (a reused read buffer) is copied: overwriting it later changes no kept line', () => {
    for (const text of ['ascii line', 'coloured \x1b[32m✓\x1b[39m line']) {
      const lines = Array.from({ length: 500 }, (_, i) => `${text} ${i}`);
      const blocks: LineBlock[] = [];
      const splitter = new BlockSplitter((b) => blocks.push(b));
      const buffer = Buffer.from(`${lines.join('\n')}\n`);
      splitter.push(buffer, true);
      buffer.fill('z');
      splitter.end();
      expect(blocks).toHaveLength(1);
      expect(blocks[0]?.bytes?.buffer).not.toBe(buffer.buffer);
      expect(Array.from({ length: blocks[0]?.count ?? 0 }, (_, i) => lineAt(blocks[0] as LineBlock, i))).toEqual(lines);
    }
  });
});
