import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from '../src/logs/line-splitter';

type Line = readonly [text: string, cut: boolean];

/** Feeds `chunks` to a fresh splitter, then ends it, and returns every (text, cut) it emitted. */
function splitChunks(chunks: ReadonlyArray<Uint8Array | string>, maxLineLength?: number): Line[] {
  const out: Line[] = [];
  const splitter = new LineSplitter((text, cut) => out.push([text, cut]), maxLineLength);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return out;
}

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

const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

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

describe('LineSplitter examples', () => {
  it('treats \\r\\n split across chunks as one break', () => {
    // Given "a\r" then "\nb"; When split; Then a, b (no empty line between)
    expect(splitChunks([utf8('a\r'), utf8('\nb')])).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });

  it('still swallows the \\n when an empty chunk comes between \\r and \\n', () => {
    expect(splitChunks([utf8('a\r'), new Uint8Array(0), utf8('\nb\n')])).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });

  it('treats a lone \\r as a break (progress bars)', () => {
    expect(splitChunks([utf8('10%\r50%\r100%\n')])).toEqual([
      ['10%', false],
      ['50%', false],
      ['100%', false],
    ]);
  });

  it('treats \\r\\r\\n as one empty line plus a break', () => {
    expect(splitChunks([utf8('a\r\r\nb')])).toEqual([
      ['a', false],
      ['', false],
      ['b', false],
    ]);
  });

  it('emits nothing before end() for a line without a break, and flushes it on end()', () => {
    // Given a splitter fed a partial line
    const out: Line[] = [];
    const splitter = new LineSplitter((text, cut) => out.push([text, cut]));
    splitter.push(utf8('first\nno newline'));
    // Then only the finished line is out
    expect(out).toEqual([['first', false]]);
    // When the stream ends
    splitter.end();
    // Then the final line is flushed
    expect(out).toEqual([
      ['first', false],
      ['no newline', false],
    ]);
  });

  it('keeps empty lines', () => {
    expect(splitChunks([utf8('\n\na\n\n')])).toEqual([
      ['', false],
      ['', false],
      ['a', false],
      ['', false],
    ]);
  });

  it('emits nothing for empty input', () => {
    expect(splitChunks([])).toEqual([]);
    expect(splitChunks([new Uint8Array(0)])).toEqual([]);
  });

  it('splits an over-long line into cap-sized pieces, cut=true except the last', () => {
    // Given a cap of 4 and an 11-character line
    // When split
    const lines = splitChunks([utf8('abcdefghijk\nz\n')], 4);
    // Then pieces of 4, 4, 3; only the last is not cut; the next line is whole
    expect(lines).toEqual([
      ['abcd', true],
      ['efgh', true],
      ['ijk', false],
      ['z', false],
    ]);
  });

  it('cuts a line of exactly twice the cap into two pieces, the last not cut and not empty', () => {
    expect(splitChunks([utf8('abcdefgh')], 4)).toEqual([
      ['abcd', true],
      ['efgh', false],
    ]);
  });

  it('cuts at the same offsets when the over-long line arrives one byte at a time', () => {
    const bytes = utf8('abcdefghijk\n');
    expect(splitChunks(Array.from(bytes, (b) => new Uint8Array([b])), 4)).toEqual([
      ['abcd', true],
      ['efgh', true],
      ['ijk', false],
    ]);
  });

  it('never splits a surrogate pair when cutting', () => {
    // Given a cap of 4 and "abc😀d": the pair would sit at offsets 3-4
    const lines = splitChunks([utf8('abc😀d\n')], 4);
    // Then the first piece stops before the pair
    expect(lines).toEqual([
      ['abc', true],
      ['😀d', false],
    ]);
  });

  it('never splits a surrogate pair with the smallest cap', () => {
    expect(splitChunks([utf8('😀😀a')], 2)).toEqual([
      ['😀', true],
      ['😀', true],
      ['a', false],
    ]);
  });

  it('decodes UTF-8 multi-byte characters split across chunks', () => {
    // Given "é€😀" with every character's bytes cut in the middle
    const bytes = utf8('é€😀\n');
    const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3, 5), bytes.subarray(5, 7), bytes.subarray(7)];
    // Then the line decodes exactly, without replacement characters
    expect(splitChunks(chunks)).toEqual([['é€😀', false]]);
  });

  it('flushes an incomplete UTF-8 sequence at end() as a replacement character', () => {
    expect(splitChunks([new Uint8Array([0x61, 0xe2, 0x82])])).toEqual([['a\uFFFD', false]]);
  });

  it('uses a 64 KiB cap by default and refuses a cap below 2', () => {
    expect(DEFAULT_MAX_LINE_LENGTH).toBe(65536);
    const long = 'x'.repeat(DEFAULT_MAX_LINE_LENGTH + 1);
    expect(splitChunks([long]).map(([t, c]) => [t.length, c])).toEqual([
      [DEFAULT_MAX_LINE_LENGTH, true],
      [1, false],
    ]);
    expect(() => new LineSplitter(() => undefined, 1)).toThrow(RangeError);
    expect(() => new LineSplitter(() => undefined, Number.NaN)).toThrow(RangeError);
  });
});
