import fc from 'fast-check';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { escapeTolerantSource, mayHaveAnsi, plainText } from '../src/logs/ansi';

/** A CSI introducer and then bytes at the edges of each class (parameter, intermediate, final, none). */
const csiLike = fc
  .array(fc.constantFrom('0', '9', ';', '?', ' ', '/', '@', 'm', '~', '\x7f', '\x1f', 'é'), { maxLength: 4 })
  .map((bytes) => `\x1b[${bytes.join('')}`);

/** Text and CSI-shaped escapes only, well-formed or not. */
const csiLine = fc
  .array(fc.oneof(fc.constantFrom('a', ' ', '1', ';', 'm', '['), csiLike), { maxLength: 8, size: 'max' })
  .map((pieces) => pieces.join(''));

/** Text, escapes of every kind strip-ansi handles, broken escapes and lone C1 controls, in any order. */
const messyLine = fc
  .array(
    fc.oneof(
      // Single characters from every byte class a sequence is parsed by, so broken sequences of all shapes appear.
      fc.constantFrom('a', 'B', ' ', '/', '!', '[', ']', ';', '?', '1', 'm', 'q', '~', 'P', '(', '\\', '\x07', '\x1b'),
      fc.constantFrom('\x1b[31m', '\x1b[0m', '\x1b[38;5;208m', '\x1b[?25l', '\x1b[1 q', '\x1b[2K'),
      fc.constantFrom('\x1b', '\x1b[', '\x1b[1;', '\x1b[1\x1b[m'),
      fc.constantFrom('\x1b]8;;http://x\x07', '\x1b]0;title\x1b\\', '\x1b]R', '\x1bP1$r\x1b\\', '\x1b7', '\x1b(0'),
      fc.constantFrom('\x9b1m', '\x9d0;t\x07', '\x90x\x9c', '\x9c', '\x85'),
      csiLike,
    ),
    { maxLength: 16, size: 'max' },
  )
  .map((pieces) => pieces.join(''));

describe('plainText', () => {
  it('returns a line without escapes as the very same string', () => {
    const line = 'no colour here ✓';
    expect(plainText(line)).toBe(line);
    expect(mayHaveAnsi(line)).toBe(false);
  });

  it('strips SGR colours, cursor codes and 8-bit CSI', () => {
    expect(plainText('\x1b[1mbold\x1b[22m \x1b[38;5;208morange\x1b[39m\x1b[2K')).toBe('bold orange');
    expect(plainText('\x9b31mC1\x9b0m')).toBe('C1');
  });

  it('always returns exactly what strip-ansi returns', () => {
    fc.assert(
      fc.property(fc.oneof(messyLine, csiLine), (line) => {
        expect(plainText(line)).toBe(stripAnsi(line));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('escapeTolerantSource', () => {
  it('finds a word that escapes split in the raw line', () => {
    const re = new RegExp(escapeTolerantSource('error')!, 'i');
    expect(re.test('\x1b[1mER\x1b[22m\x1b]8;;u\x07ROR\x1b]8;;\x07')).toBe(true);
    expect(re.test('\x1b[1mER\x1b[22mX ROR')).toBe(false);
  });

  it('matches regex metacharacters literally', () => {
    const re = new RegExp(escapeTolerantSource('a.b(c)*')!);
    expect(re.test('a.b(c)*')).toBe(true);
    expect(re.test('axb(c)')).toBe(false);
  });

  it('declines a literal that holds escape characters itself', () => {
    expect(escapeTolerantSource('\x1b[31m')).toBeUndefined();
    expect(escapeTolerantSource('')).toBeUndefined();
  });

  it('never rejects a line whose plain text contains the literal', () => {
    fc.assert(
      fc.property(fc.oneof(messyLine, csiLine), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 4 }), (line, at, len) => {
        const plain = stripAnsi(line);
        const literal = plain.slice(at, at + len);
        const source = escapeTolerantSource(literal);
        fc.pre(source !== undefined);
        expect(new RegExp(source!).test(line)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});
