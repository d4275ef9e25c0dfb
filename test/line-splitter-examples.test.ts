import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_LINE_LENGTH, LineSplitter } from '../src/logs/line-splitter';
import { splitChunks, utf8, type Line } from './helpers/split';

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
