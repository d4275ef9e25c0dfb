// brum's string-width (components/ink-output/string-width.ts) replaces the library's inside the bundle: it must
// give the library's answer for every string, and take its shortcut only where that answer is the length.
import fc from 'fast-check';
import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import stringWidth, { NARROW_SYMBOLS } from '../components/ink-output/string-width';

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...'ab Z9~!'.split('')), maxLength: 10 }) },
  { weight: 4, arbitrary: fc.constantFrom(...NARROW_SYMBOLS.split('')) },
  // What must not take the shortcut: wide, combining, joining, zero-width, control and escape characters.
  { weight: 2, arbitrary: fc.constantFrom('界', '🙂', 'e\u0301', '\u0301', '\u200d', '\u200b', '\ufe0f', '✔\ufe0f', '\t', '\x1b[31m', '\x7f', '한', 'Ａ') },
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

describe('string-width with brum’s shortcut', () => {
  it('every shortcut symbol is one column wide to string-width itself', () => {
    for (const symbol of NARROW_SYMBOLS) expect([symbol, realStringWidth(symbol)]).toEqual([symbol, 1]);
  });

  it('equals string-width on any mix of ASCII, shortcut symbols and characters that need the real measure', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(stringWidth(s)).toBe(realStringWidth(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('passes options through untouched', () => {
    expect(stringWidth('─·', { ambiguousIsNarrow: false })).toBe(realStringWidth('─·', { ambiguousIsNarrow: false }));
    expect(stringWidth('\x1b[31mx', { countAnsiEscapeCodes: true })).toBe(realStringWidth('\x1b[31mx', { countAnsiEscapeCodes: true }));
  });
});
