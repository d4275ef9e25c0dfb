// brum's string-width (components/ink-output/string-width.ts) replaces the library's inside the bundle: it must
// give the library's answer for every string, and take its shortcut only where that answer is the length.
import fc from 'fast-check';
import realStringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import stringWidth, { shortcutWidth } from '../components/ink-output/string-width';
import { isSimpleUnit } from '../components/ink-output/simple-text';

/** brum's own icons and rules, and symbols dev servers print (✨ is two columns wide, ⌚ too). */
const SYMBOLS = '─│▸●○■✔✖↻·…›⚠▶✓✗═║╭╮╰╯┌┐└┘├┤┬┴┼▏▌◐◆◇★→←↑↓•▲▼–—≥≈×➜✨⌚⭐é§°±ßÆ‰€™ⓘ';

const piece = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...'ab Z9~!'.split('')), maxLength: 10 }) },
  { weight: 4, arbitrary: fc.constantFrom(...SYMBOLS.split('')) },
  // Any unit of the simple ranges, measured one by one: the shortcut's sum must still be string-width's answer.
  { weight: 2, arbitrary: fc.integer({ min: 0xa0, max: 0x2c00 }).filter(isSimpleUnit).map((c) => String.fromCharCode(c)) },
  // What must not take the shortcut: wide, combining, joining, zero-width, control and escape characters.
  { weight: 2, arbitrary: fc.constantFrom('界', '🙂', 'e\u0301', '\u0301', '\u200d', '\u200b', '\ufe0f', '✔\ufe0f', '\t', '\x7f', '한', 'Ａ') },
  // Colour and other escape sequences, whole and broken: string-width strips them before it measures.
  {
    weight: 3,
    arbitrary: fc.constantFrom('\x1b[31m', '\x1b[39m', '\x1b[1m', '\x1b[22m', '\x1b[38;5;208m', '\x9b32m', '\x1b]8;;http://x\x07', '\x1b]8;;\x07', '\x1b[', '\x1b', '\x9b'),
  },
);
const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));

describe('string-width with brum’s shortcut', () => {
  it('measures every simple unit as string-width does, alone and between ASCII letters', () => {
    for (let c = 0; c < 0x2c00; c++) {
      if (!isSimpleUnit(c)) continue;
      const unit = String.fromCharCode(c);
      expect([c, stringWidth(`a${unit}b${unit}`)]).toEqual([c, realStringWidth(`a${unit}b${unit}`)]);
    }
  });

  it('equals string-width on any mix of ASCII, shortcut symbols and characters that need the real measure', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(stringWidth(s)).toBe(realStringWidth(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('takes the shortcut for coloured rows of ASCII and brum’s symbols, as Ink measures them after colouring', () => {
    expect(shortcutWidth('\x1b[32m●\x1b[39m web   \x1b[2m·\x1b[22m')).toBe(9);
    expect(shortcutWidth(' ○ api')).toBe(6);
    expect(shortcutWidth('\x1b[36m➜\x1b[39m  Local: ✨')).toBe(12);
    expect(shortcutWidth('\x1b[31m界\x1b[39m')).toBeUndefined();
  });

  it('passes options through untouched', () => {
    expect(stringWidth('─·', { ambiguousIsNarrow: false })).toBe(realStringWidth('─·', { ambiguousIsNarrow: false }));
    expect(stringWidth('\x1b[31mx', { countAnsiEscapeCodes: true })).toBe(realStringWidth('\x1b[31mx', { countAnsiEscapeCodes: true }));
  });
});
