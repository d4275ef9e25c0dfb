import { describe, expect, it } from 'vitest';
import { cleanLine, HIGHLIGHT_OFF, HIGHLIGHT_ON, renderClean, sanitize } from '../components/sanitize';

const ESC = '\x1b';
const color = { color: true } as const;
const plain = { color: false } as const;

describe('sanitize: what a child may put on screen', () => {
  it('leaves a plain line untouched', () => {
    // Given a line with no escapes or controls / When sanitised / Then it is the same string
    expect(sanitize('GET /api 200 12ms', color)).toBe('GET /api 200 12ms');
  });

  it('keeps SGR colour sequences when colour is on, and resets at the end of the line', () => {
    const out = sanitize(`${ESC}[32mok${ESC}[39m done`, color);
    expect(out).toBe(`${ESC}[32mok${ESC}[39m done${ESC}[0m`);
  });

  it('keeps 256-colour and truecolour SGR (with : or ; separators)', () => {
    expect(cleanLine(`${ESC}[38;5;208mx${ESC}[38:2::1:2:3my`, color).styles.map((s) => s.sgr)).toEqual([`${ESC}[38;5;208m`, `${ESC}[38:2::1:2:3m`]);
  });

  it('strips SGR too when colour is off', () => {
    expect(sanitize(`${ESC}[1;31merror${ESC}[0m: boom`, plain)).toBe('error: boom');
  });

  it.each([
    ['cursor up', `${ESC}[2A`],
    ['clear screen', `${ESC}[2J`],
    ['cursor position', `${ESC}[10;20H`],
    ['erase line', `${ESC}[K`],
    ['private mode (hide cursor)', `${ESC}[?25l`],
    ['alt screen', `${ESC}[?1049h`],
    ['SGR with a private marker', `${ESC}[>4;2m`],
    ['OSC title, BEL-terminated', `${ESC}]0;pwned${'\x07'}`],
    ['OSC hyperlink, ST-terminated', `${ESC}]8;;http://x${ESC}\\`],
    ['DCS string', `${ESC}Pq#0${ESC}\\`],
    ['charset designation', `${ESC}(B`],
    ['save cursor', `${ESC}7`],
    ['full reset', `${ESC}c`],
    ['8-bit CSI', '\u009b2J'],
    ['8-bit OSC', '\u009d0;t\u009c'],
  ])('removes %s', (_name, seq) => {
    // Given an escape that would move or repaint the terminal / When sanitised, colour on / Then only the text is left
    expect(sanitize(`a${seq}b`, color)).toBe('ab');
  });

  it('removes control characters (CR, backspace, BEL, DEL, NUL)', () => {
    expect(sanitize('a\rb\bc\x07d\x7fe\x00f', color)).toBe('abcdef');
  });

  it('expands tabs to the next multiple of 8 columns', () => {
    expect(sanitize('ab\tc\td', plain)).toBe('ab      c       d');
    expect(sanitize('\tx', { color: false, tabWidth: 4 })).toBe('    x');
  });

  it('drops an unfinished escape at the end of a line', () => {
    expect(sanitize(`done${ESC}[3`, color)).toBe('done');
    expect(sanitize(`done${ESC}`, color)).toBe('done');
    expect(sanitize(`done${ESC}]0;title never ends`, color)).toBe('done');
  });

  it('cuts a long line at maxChars visible characters, escapes not counted', () => {
    const raw = `${ESC}[31m${'x'.repeat(50)}${ESC}[0m`;
    expect(cleanLine(raw, { color: true, maxChars: 10 }).text).toBe('x'.repeat(10));
    expect(cleanLine('y'.repeat(50), { color: true, maxChars: 10 }).text).toBe('y'.repeat(10));
  });

  it('never lets a child leave a style open for the next row', () => {
    expect(sanitize(`${ESC}[31mred forever`, color).endsWith(`${ESC}[0m`)).toBe(true);
  });
});

describe('renderClean: search highlights', () => {
  it('wraps matches in inverse video', () => {
    const line = cleanLine('find the needle here', plain);
    expect(renderClean(line, [[9, 15]])).toBe(`find the ${HIGHLIGHT_ON}needle${HIGHLIGHT_OFF} here`);
  });

  it('highlights several ranges, including one at the very end', () => {
    const line = cleanLine('abcabc', plain);
    expect(renderClean(line, [
      [0, 1],
      [3, 6],
    ])).toBe(`${HIGHLIGHT_ON}a${HIGHLIGHT_OFF}bc${HIGHLIGHT_ON}abc${HIGHLIGHT_OFF}`);
  });

  it("re-applies inverse after a child's style inside the match, so a reset cannot end it early", () => {
    const line = cleanLine(`ab${ESC}[0mcd`, color);
    expect(renderClean(line, [[1, 3]])).toBe(`a${HIGHLIGHT_ON}b${ESC}[0m${HIGHLIGHT_ON}c${HIGHLIGHT_OFF}d${ESC}[0m`);
  });

  it('ignores empty, out-of-range and overlapping ranges without looping', () => {
    const line = cleanLine('hello', plain);
    expect(renderClean(line, [
      [2, 2],
      [1, 3],
      [2, 4],
      [9, 12],
    // The overlapping [2,4] only adds what [1,3] did not cover.
    ])).toBe(`h${HIGHLIGHT_ON}el${HIGHLIGHT_OFF}${HIGHLIGHT_ON}l${HIGHLIGHT_OFF}o`);
  });

  it('clamps a range that runs past a cut line', () => {
    const line = cleanLine('abcdefgh', { color: false, maxChars: 4 });
    expect(renderClean(line, [[2, 8]])).toBe(`ab${HIGHLIGHT_ON}cd${HIGHLIGHT_OFF}`);
  });

  it('highlights offsets of the visible text, after tab expansion', () => {
    const line = cleanLine('\tkey', plain);
    expect(line.text.indexOf('key')).toBe(8);
    expect(renderClean(line, [[8, 11]])).toBe(`        ${HIGHLIGHT_ON}key${HIGHLIGHT_OFF}`);
  });
});
