import fc from 'fast-check';
import stripAnsi from 'strip-ansi';
import { describe, expect, it } from 'vitest';
import { cleanLine } from '../components/sanitize';
import { toPlainText } from '../src/logs/detectors/plain-text';
import { escapeEnd, removeEscapes, removeSequences, SEQUENCE_RUN_LOOSE_SOURCE, SEQUENCE_SOURCE } from '../src/logs/escape-grammar';

/** Text, escapes of every kind, broken escapes and lone controls (C0 and C1), in any order. */
const messyLine = fc
  .array(
    fc.oneof(
      fc.constantFrom('a', 'B', ' ', '/', '!', '[', ']', ';', '?', '1', 'm', 'q', '~', 'P', '(', '\\', 'k', 'é', '\x07', '\x18', '\x1b', '\r'),
      fc.constantFrom('\x1b[31m', '\x1b[0m', '\x1b[38;5;208m', '\x1b[38:2::1:2:3m', '\x1b[?25l', '\x1b[1 q', '\x1b[2K', '\x1b[>4;2m'),
      fc.constantFrom('\x1b', '\x1b[', '\x1b[1;', '\x1b[1\x1b[m', '\x1b(', '\x1b#'),
      fc.constantFrom('\x1b]8;;http://x\x07', '\x1b]0;title\x1b\\', '\x1b]R', '\x1b]P1a2B3c4', '\x1bP1$r\x1b\\', '\x1b7', '\x1b(0', '\x1bc'),
      fc.constantFrom('\x9b1m', '\x9d0;t\x07', '\x90x\x9c', '\x9c', '\x85', '\x9f'),
    ),
    { maxLength: 16, size: 'max' },
  )
  .map((pieces) => pieces.join(''));

const C0_C1 = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g;

describe('the escape grammar', () => {
  it('is what strip-ansi removes, complete sequences only', () => {
    fc.assert(
      fc.property(messyLine, (line) => {
        // A leading ESC keeps strip-ansi off its shortcut for lines without one, so the grammars are compared.
        expect(removeSequences(`\x1b[m${line}`)).toBe(stripAnsi(`\x1b[m${line}`));
      }),
      { numRuns: 3000 },
    );
  });

  it('has a loose run that accepts every sequence it defines', () => {
    const sequences = new RegExp(SEQUENCE_SOURCE, 'g');
    const run = new RegExp(`^${SEQUENCE_RUN_LOOSE_SOURCE}$`);
    fc.assert(
      fc.property(messyLine, (line) => {
        for (const m of line.matchAll(sequences)) expect(run.test(m[0]), JSON.stringify(m[0])).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('tokenizes one sequence, or the remains of one, at a time', () => {
    expect(escapeEnd('a\x1b[31mb', 1)).toBe(6);
    expect(escapeEnd('\x1b]0;t\x07x', 0)).toBe(6);
    expect(escapeEnd('\x1b[12', 0)).toBe(4);
    expect(escapeEnd('\x1b]0;never ends', 0)).toBe(14);
    // ESC before a character that ends no sequence: only the ESC goes, the character is text
    expect(escapeEnd('\x1bab', 0)).toBe(1);
    // A C1 control that introduces nothing, and plain text, are no token
    expect(escapeEnd('\x85x', 0)).toBe(0);
    expect(escapeEnd('abc', 1)).toBe(1);
  });

  it('drops the remains of a sequence the line cut short, where search keeps them', () => {
    expect(removeEscapes('done\x1b[3')).toBe('done');
    expect(removeEscapes('done\x1b]0;title never ends')).toBe('done');
    expect(removeEscapes('done\x1b')).toBe('done');
    expect(removeSequences('done\x1b[3')).toBe('done\x1b[3');
  });
});

describe('one reading for the screen and the detectors', () => {
  it('the TUI shows what the detectors read, less control characters', () => {
    fc.assert(
      fc.property(messyLine, (line) => {
        const shown = cleanLine(line, { color: false }).text;
        const read = toPlainText(`\x1b[m${line}`).replace(C0_C1, '');
        expect(shown).toBe(read);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps exactly the SGR tokens of the grammar when colour is on', () => {
    fc.assert(
      fc.property(messyLine, (line) => {
        const clean = cleanLine(line, { color: true });
        expect(clean.text).toBe(cleanLine(line, { color: false }).text);
        for (const { sgr } of clean.styles) {
          expect(sgr).toMatch(/^\x1b\[[\d;:]*m$/);
          expect(escapeEnd(sgr, 0)).toBe(sgr.length);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
