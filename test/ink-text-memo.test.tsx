// Issue 11: Ink 6.8 memoises every text it measures or wraps in module-level caches that never forget, so a long
// flood kept every log line ever drawn. brum swaps both modules for bounded ones (scripts/ink-output-plugin.mjs);
// these tests fail if the swap stops reaching Ink, if the memos stop being bounded, or if the results differ
// from Ink's own.
import fc from 'fast-check';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../components/ink-output/bounded-memo';
import measureText, { MEASURE_MEMO_LIMIT, measureMemo } from '../components/ink-output/measure-text';
import wrapText, { WRAP_MEMO_LIMIT, wrapMemo, type TextWrap } from '../components/ink-output/wrap-text';
import inkMeasureText from '../node_modules/ink/build/measure-text.js';
import inkWrapText from '../node_modules/ink/build/wrap-text.js';

const ROWS = 20;
const WIDTH = 60;

function Pane({ frame }: { frame: number }) {
  return (
    <Box flexDirection="column" width={WIDTH}>
      {Array.from({ length: ROWS }, (_, row) => (
        <Text key={row} wrap="truncate-end">
          {/* Every other line is wider than the pane, so Ink cuts it: that is the wrap memo's path. */}
          {`${new Date(1_700_000_000_000 + frame * 1000 + row).toISOString()} INFO line ${frame}:${row}${row % 2 === 0 ? ' '.repeat(40) + 'overflowing tail' : ''}`}
        </Text>
      ))}
    </Box>
  );
}

describe('Ink’s text memos in a long session', () => {
  it('stay bounded while every frame draws lines never seen before', () => {
    const { rerender, lastFrame, unmount } = render(<Pane frame={0} />);
    // Every row is measured and half of them are cut, so after these frames memos that never forget would hold at
    // least 1.5 × the bound (3 × the limit) of each.
    const frames = Math.ceil(Math.max((3 * MEASURE_MEMO_LIMIT) / ROWS, (3 * WRAP_MEMO_LIMIT) / (ROWS / 2)));
    for (let frame = 1; frame <= frames; frame++) rerender(<Pane frame={frame} />);
    expect(lastFrame()).toContain(`INFO line ${frames}:${ROWS - 1}`);
    expect(lastFrame()).toContain(`INFO line ${frames}:0 `);
    // Ink's layout and drawing went through brum's memos (not through memos of their own)…
    expect(measureMemo.size).toBeGreaterThan(0);
    expect(wrapMemo.size).toBeGreaterThan(0);
    // …which hold at most two generations.
    expect(measureMemo.size).toBeLessThanOrEqual(2 * MEASURE_MEMO_LIMIT);
    expect(wrapMemo.size).toBeLessThanOrEqual(2 * WRAP_MEMO_LIMIT);
    unmount();
  });

  it('measure and wrap exactly as Ink does', () => {
    const piece = fc.oneof(
      fc.string({ unit: fc.constantFrom(...'ab Z9:/-'.split('')), maxLength: 30 }),
      fc.constantFrom('\n', '界', '🙂', '─', '●', '\x1b[31m', '\x1b[39m', '\t'),
    );
    const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
    const wrap = fc.constantFrom<TextWrap>('wrap', 'end', 'middle', 'truncate', 'truncate-end', 'truncate-middle', 'truncate-start');
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 40 }), wrap, (s, width, type) => {
        expect(measureText(s)).toEqual(inkMeasureText(s));
        expect(wrapText(s, width, type)).toBe(inkWrapText(s, width, type));
      }),
      { numRuns: 2000 },
    );
  });

  it('never gives one text’s wrapping to another whose text and width run together the same', () => {
    // Ink's key (text + width + type) was the same for both: `port 120truncate-end`.
    expect(wrapText('port 1', 20, 'truncate-end')).toBe('port 1');
    expect(wrapText('port ', 120, 'truncate-end')).toBe('port ');
  });
});

describe('BoundedMemo', () => {
  it('holds at most two generations, however many keys go through it', () => {
    const memo = new BoundedMemo<number>(100);
    for (let i = 0; i < 10_000; i++) {
      if (memo.get(`k${i}`) === undefined) memo.set(`k${i}`, i);
      expect(memo.size).toBeLessThanOrEqual(200);
    }
  });

  it('keeps what is asked for every round while new keys stream past it', () => {
    const memo = new BoundedMemo<string>(50);
    memo.set('header', 'H');
    for (let round = 0; round < 100; round++) {
      expect(memo.get('header')).toBe('H');
      for (let i = 0; i < 30; i++) memo.set(`line ${round}:${i}`, 'x');
    }
    expect(memo.get('line 0:0')).toBeUndefined();
    expect(memo.get('line 99:29')).toBe('x');
  });

  it('rejects a limit that could not hold anything', () => {
    expect(() => new BoundedMemo(0)).toThrow(RangeError);
  });
});
