// The TUI bundle builds every Intl.Segmenter through LazySegmenter (scripts/build.mjs): it must segment exactly as
// the real one, and build nothing before it is used.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { LazySegmenter } from '../components/ink-output/lazy-segmenter';

const text = fc.string({ unit: fc.constantFrom('a', ' ', 'é', 'e\u0301', '🙂', '👍🏽', '界', '\u200d', '\r\n', '.', '\x1b', '9'), maxLength: 30 });
const asciiText = fc.string({ unit: fc.constantFrom('a', ' ', '\r', '\n', '\x1b', '[', 'm', '9', ';', '\t', '\x7f'), maxLength: 30 });
const options = fc.constantFrom<Intl.SegmenterOptions | undefined>(undefined, { granularity: 'grapheme' }, { granularity: 'word' }, { granularity: 'sentence' });

describe('LazySegmenter', () => {
  const RealSegmenter = Intl.Segmenter;
  const setSegmenter = (value: typeof Intl.Segmenter): void => {
    Object.defineProperty(Intl, 'Segmenter', { value, writable: true, configurable: true });
  };
  afterEach(() => setSegmenter(RealSegmenter));
  /** Makes Intl.Segmenter record the arguments of every segmenter built, until the test ends. */
  const recordBuilds = (): unknown[][] => {
    const built: unknown[][] = [];
    setSegmenter(
      class extends RealSegmenter {
        constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
          super(...args);
          built.push(args);
        }
      },
    );
    return built;
  };

  it('gives the segments and options Intl.Segmenter gives', () => {
    fc.assert(
      fc.property(text, options, (s, opts) => {
        const lazy = new LazySegmenter(undefined, opts);
        const real = new Intl.Segmenter(undefined, opts);
        expect([...lazy.segment(s)]).toEqual([...real.segment(s)]);
        expect(lazy.resolvedOptions()).toEqual(real.resolvedOptions());
      }),
      { numRuns: 300 },
    );
  });

  it('gives the segments of ASCII text, CR LF included, as Intl.Segmenter does, wherever it is asked', () => {
    fc.assert(
      fc.property(asciiText, options, fc.integer({ min: -2, max: 32 }), (s, opts, index) => {
        const lazy = new LazySegmenter(undefined, opts).segment(s);
        const real = new Intl.Segmenter(undefined, opts).segment(s);
        expect([...lazy]).toEqual([...real]);
        expect(lazy.containing(index)).toEqual(real.containing(index));
        expect(lazy.containing()).toEqual(real.containing());
      }),
      { numRuns: 500 },
    );
  });

  it('builds no segmenter for the graphemes of ASCII text, as an SGR sequence is', () => {
    const built = recordBuilds();
    const lazy = new LazySegmenter(undefined, { granularity: 'grapheme' });
    expect([...lazy.segment('\x1b[36m')].map((s) => s.segment)).toEqual(['\x1b', '[', '3', '6', 'm']);
    expect(built).toEqual([]);
    expect([...lazy.segment('a\r\nb')].map((s) => s.segment)).toEqual(['a', '\r\n', 'b']);
    expect([...lazy.segment('✓ ok')].map((s) => s.segment)).toEqual(['✓', ' ', 'o', 'k']);
    expect(built).toHaveLength(1);
  });

  it('builds the real segmenter on first use, once', () => {
    const built = recordBuilds();
    const lazy = new LazySegmenter('en', { granularity: 'grapheme' });
    expect(built).toEqual([]);
    expect([...lazy.segment('aé')].map((s) => s.segment)).toEqual(['a', 'é']);
    lazy.segment('cd');
    lazy.resolvedOptions();
    expect(built).toEqual([['en', { granularity: 'grapheme' }]]);
  });
});
