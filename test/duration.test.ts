import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DURATION_PATTERN, parseDuration } from '../src/project/duration';

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['2s', 2_000],
    ['1.5s', 1_500],
    ['1m', 60_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['0s', 0],
    ['0.5ms', 1],
  ])('reads %s as %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it('takes a plain number as milliseconds, rounded', () => {
    expect(parseDuration(0)).toBe(0);
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration(2.4)).toBe(2);
  });

  it.each(['', '5', '5 s', 's', '-1s', '1.s', '.5s', '1d', '1S', '2sec', 'ms'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('refuses negative and non-finite numbers', () => {
    expect(parseDuration(-1)).toBeNull();
    expect(parseDuration(Number.NaN)).toBeNull();
    expect(parseDuration(Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('accepts exactly the strings the schema pattern accepts', () => {
    const re = new RegExp(DURATION_PATTERN);
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9.mshx ]{0,8}$/), (text) => {
        expect(parseDuration(text) !== null).toBe(re.test(text));
      }),
    );
  });

  it('adds the parts of a compound duration', () => {
    fc.assert(
      fc.property(fc.nat(99), fc.nat(59), fc.nat(999), (m, s, ms) => {
        expect(parseDuration(`${m}m${s}s${ms}ms`)).toBe(m * 60_000 + s * 1_000 + ms);
      }),
    );
  });
});
