// Intl.Segmenter, built on its first use. scripts/build.mjs makes every `Intl.Segmenter` in the TUI bundle this
// class (esbuild's define and inject), the libraries' included.
//
// Why: string-width (two copies), ansi-tokenize and slice-ansi each build a segmenter when the bundle loads, and the
// first one built loads ICU's break rules: 8–23 ms of the thread that reads the children, in the first frames of a
// flood. Most screens never need one: brum's shortcuts (simple-text.ts) measure and cut plain and coloured log
// lines without it. test/lazy-segmenter.test.ts checks it segments exactly as Intl.Segmenter does.
//
// Graphemes of ASCII text need no ICU either: each character is one, except CR LF, which is one together (UAX #29,
// GB3). That covers the SGR sequences ansi-tokenize is asked to tokenize for every coloured flood, which would
// otherwise build the segmenter in the middle of it (docs/performance.md, entry 3e).

type SegmenterArgs = ConstructorParameters<typeof Intl.Segmenter>;

const NON_ASCII_OR_CRLF = /[^\x00-\x7f]|\r\n/;

export class LazySegmenter {
  private real: Intl.Segmenter | undefined;
  private readonly args: SegmenterArgs;
  private readonly graphemes: boolean;

  constructor(...args: SegmenterArgs) {
    this.args = args;
    this.graphemes = (args[1]?.granularity ?? 'grapheme') === 'grapheme';
  }

  segment(input: string): Intl.Segments {
    if (this.graphemes && !NON_ASCII_OR_CRLF.test(input)) return asciiGraphemes(input);
    return this.segmenter().segment(input);
  }

  resolvedOptions(): Intl.ResolvedSegmenterOptions {
    return this.segmenter().resolvedOptions();
  }

  private segmenter(): Intl.Segmenter {
    // globalThis: a bare `Intl.Segmenter` here would be this class too, once the build has replaced it.
    return (this.real ??= new globalThis.Intl.Segmenter(...this.args));
  }
}

/** The grapheme segments of ASCII text without CR LF: one per character, shaped as Intl.Segments gives them. */
function asciiGraphemes(input: string): Intl.Segments {
  const at = (index: number): Intl.SegmentData => ({ segment: input.charAt(index), index, input });
  return {
    containing: (index = 0) => {
      const i = Math.trunc(Number(index)) || 0;
      return i >= 0 && i < input.length ? at(i) : undefined;
    },
    *[Symbol.iterator]() {
      for (let i = 0; i < input.length; i++) yield at(i);
    },
  } as Intl.Segments;
}
