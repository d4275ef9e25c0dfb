// components/ink-output/simple-text.ts cuts styled lines into cells without Intl.Segmenter. Its answer must be
// ansi-tokenize's, cell for cell and style for style, whenever it gives one, and it must give one for the lines
// it exists for (a dev server's coloured output).
import { styledCharsFromTokens, tokenize } from '@alcalzone/ansi-tokenize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSimpleUnit, simpleStyledChars } from '../components/ink-output/simple-text';

const library = (line: string) => styledCharsFromTokens(tokenize(line));

const SGR = ['\x1b[31m', '\x1b[39m', '\x1b[1m', '\x1b[2m', '\x1b[22m', '\x1b[0m', '\x1b[m', '\x1b[1;32m', '\x1b[38;5;208m', '\x1b[48;2;1;2;3m', '\x1b[4;9m', '\x1b[90m', '\x1b[7m', '\x1b[27m'];
const simplePiece = fc.oneof(
  { weight: 5, arbitrary: fc.string({ unit: fc.constantFrom(...'ab Z9~!:/[]'.split('')), maxLength: 10 }) },
  { weight: 3, arbitrary: fc.constantFrom(...'➜✓✨○─│●é§€™⌚⭐…'.split('')) },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0x2c00 }).filter(isSimpleUnit).map((c) => String.fromCharCode(c)) },
  { weight: 3, arbitrary: fc.constantFrom(...SGR) },
);
// What must leave the line to the library: clusters, wide and astral characters, controls, other escapes.
const otherPiece = fc.constantFrom('e\u0301', '\u200d', '\ufe0f', '✔\ufe0f', '🙂', '界', '한', '\t', '\x7f', '\x9b31m', '\x1b]8;;http://x\x07', '\x1b[2K', '\x1b[', '\x1b', '\x1b[31', '\u00ad', '\u2028');

describe('simple-text: styled cells without the segmenter', () => {
  it('cuts a vite-style line exactly as ansi-tokenize does', () => {
    const line = '\x1b[2m10:00:00 PM\x1b[22m \x1b[36m\x1b[1m[vite]\x1b[22m\x1b[39m \x1b[32m✨ new dependencies optimized: \x1b[39m\x1b[36mreact-dom\x1b[39m';
    expect(simpleStyledChars(line)).toEqual(library(line));
  });

  it('agrees with ansi-tokenize on every line of simple units and SGR codes, and always answers for them', () => {
    fc.assert(
      fc.property(fc.array(simplePiece, { maxLength: 12 }), (pieces) => {
        const line = pieces.join('');
        expect(simpleStyledChars(line)).toEqual(library(line));
      }),
      { numRuns: 3000 },
    );
  });

  it('answers undefined, or the library’s answer, once anything else is in the line', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(simplePiece, otherPiece), { maxLength: 12 }), (pieces) => {
        const line = pieces.join('');
        const fast = simpleStyledChars(line);
        if (fast !== undefined) expect(fast).toEqual(library(line));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves lines with clusters, controls and other escapes to the library', () => {
    for (const line of ['e\u0301', 'a\u200db', '✔\ufe0f', '🙂', '界', '\tx', '\x1b]8;;http://x\x07link', '\x1b[2Kx', 'x\x1b[31']) {
      expect([line, simpleStyledChars(line)]).toEqual([line, undefined]);
    }
  });

  it('every simple unit is its own cluster to the library, next to itself, ASCII and colour codes', () => {
    for (let c = 0; c < 0x2c00; c++) {
      if (!isSimpleUnit(c)) continue;
      const u = String.fromCharCode(c);
      const line = `a${u}${u}\x1b[31m${u}b`;
      expect([c, simpleStyledChars(line)]).toEqual([c, library(line)]);
    }
  });
});
