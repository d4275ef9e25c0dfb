import { describe, expect, it } from 'vitest';
import { isLineLocal, lineRanges, RegexFinder } from '../src/logs/block-match';

describe('isLineLocal', () => {
  it('accepts patterns that only look at what they consume', () => {
    for (const source of ['error', 'a\\s+b', '[^x]+', '\\bfoo\\B', '\\^\\$', '[$^]', '(?<name>a)\\k<name>', '(?:a|b)*', '\\(?=']) {
      expect(isLineLocal(source), source).toBe(true);
    }
  });

  it('rejects anchors and lookarounds, which can see past the edge of a line', () => {
    for (const source of ['^a', 'a$', 'a|^b', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b', '[a]^', '\\\\$']) {
      expect(isLineLocal(source), source).toBe(false);
    }
  });
});

describe('lineRanges', () => {
  it('steps past empty matches and keeps only non-empty ones as ranges', () => {
    expect(lineRanges(new RegexFinder(/x*/g), 'axxb')).toEqual([[1, 3]]);
    expect(lineRanges(new RegexFinder(/x*/g), '')).toEqual([]);
    expect(lineRanges(new RegexFinder(/z/g), 'abc')).toBeNull();
  });
});
