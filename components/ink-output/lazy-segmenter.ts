// Intl.Segmenter, built on its first use. scripts/build.mjs makes every `Intl.Segmenter` in the TUI bundle this
// class (esbuild's define and inject), the libraries' included.
//
// Why: string-width (two copies), ansi-tokenize and slice-ansi each build a segmenter when the bundle loads, and the
// first one built loads ICU's break rules: 8–23 ms of the thread that reads the children, in the first frames of a
// flood. Most screens never need one: brum's shortcuts (simple-text.ts) measure and cut plain and coloured log
// lines without it. test/lazy-segmenter.test.ts checks it segments exactly as Intl.Segmenter does.

type SegmenterArgs = ConstructorParameters<typeof Intl.Segmenter>;

export class LazySegmenter {
  private real: Intl.Segmenter | undefined;
  private readonly args: SegmenterArgs;

  constructor(...args: SegmenterArgs) {
    this.args = args;
  }

  segment(input: string): Intl.Segments {
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
