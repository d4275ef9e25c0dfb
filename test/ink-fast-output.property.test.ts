// brum's Output (components/ink-output/fast-output.ts) replaces Ink's inside the bundle. It has to produce exactly
// what Ink's would, for anything Ink's renderer can ask of it: these properties run both on the same operations.
import fc from 'fast-check';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import FastOutput, { isPlainAscii, type OutputTransformer } from '../components/ink-output/fast-output';

interface OutputLike {
  write(x: number, y: number, text: string, options: { transformers: OutputTransformer[] }): void;
  clip(clip: { x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined }): void;
  unclip(): void;
  get(): { output: string; height: number };
}
type OutputClass = new (options: { width: number; height: number }) => OutputLike;

// Ink's package exports only its entry point, so its Output is loaded by file path.
const inkEntry = createRequire(import.meta.url).resolve('ink');
const InkOutput = ((await import(pathToFileURL(path.join(path.dirname(inkEntry), 'output.js')).href)) as { default: OutputClass })
  .default;

type Op =
  | { kind: 'write'; x: number; y: number; text: string; transform: number }
  | { kind: 'clip'; x1: number | undefined; x2: number | undefined; y1: number | undefined; y2: number | undefined }
  | { kind: 'unclip' };

const RED = '\x1b[31m';
const BOLD = '\x1b[1m';
const INVERSE = '\x1b[7m';
const RESET = '\x1b[39m';
const BOLD_OFF = '\x1b[22m';
const ALL_OFF = '\x1b[0m';

// Pieces a frame is made of: plain log text, colour on and off, wide and zero-width characters, controls.
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: fc.constantFrom(...'abc XYZ019~!│'.split('')), maxLength: 30 }) },
  { weight: 2, arbitrary: fc.constantFrom(RED, BOLD, INVERSE, RESET, BOLD_OFF, ALL_OFF, '\x1b[38;5;208m', '\x1b[4m') },
  { weight: 1, arbitrary: fc.constantFrom('界', '🙂', 'é', 'e\u0301', '\t', '\u200b', '\x7f', '…', '▸ ', '─') },
  { weight: 1, arbitrary: fc.constant('\n') },
);
const text = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(''));
const coord = (max: number) => fc.integer({ min: -3, max: max + 3 });
const maybe = (max: number) => fc.option(coord(max), { nil: undefined });

const TRANSFORMS: readonly OutputTransformer[][] = [
  [],
  [(line) => `${RED}${line}${RESET}`],
  [(line) => line.toUpperCase(), (line, i) => (i === 0 ? `${BOLD}${line}${BOLD_OFF}` : line)],
  [(line) => `> ${line}`],
];

const op = (w: number, h: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('write' as const), x: coord(w), y: coord(h), text, transform: fc.nat(TRANSFORMS.length - 1) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('clip' as const), x1: maybe(w), x2: maybe(w), y1: maybe(h), y2: maybe(h) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'unclip' as const }) },
  );

function run(Impl: OutputClass, width: number, height: number, ops: readonly Op[]) {
  const out = new Impl({ width, height });
  for (const o of ops) {
    if (o.kind === 'write') out.write(o.x, o.y, o.text, { transformers: [...TRANSFORMS[o.transform]!] });
    else if (o.kind === 'clip') out.clip({ x1: o.x1, x2: o.x2, y1: o.y1, y2: o.y2 });
    // Ink's renderer never unclips more than it clipped; an extra pop on an empty stack is harmless in both.
    else out.unclip();
  }
  return out.get();
}

const frame = fc
  .record({ width: fc.integer({ min: 0, max: 30 }), height: fc.integer({ min: 0, max: 8 }) })
  .chain(({ width, height }) => fc.record({ width: fc.constant(width), height: fc.constant(height), ops: fc.array(op(width, height), { maxLength: 12 }) }));

describe('fast Output matches Ink 6.8 Output', () => {
  it('byte for byte on any sequence of writes, clips and transforms', () => {
    fc.assert(
      fc.property(frame, ({ width, height, ops }) => {
        expect(run(FastOutput, width, height, ops)).toEqual(run(InkOutput, width, height, ops));
      }),
      { numRuns: 2000 },
    );
  });

  it('rows remembered from earlier frames never leak into a different frame', () => {
    // Frames of one width drawn in turn, as Ink does: shared rows come from the cache, the rest must not.
    const frames = fc.integer({ min: 1, max: 24 }).chain((width) =>
      fc.array(fc.array(op(width, 4), { maxLength: 8 }), { minLength: 2, maxLength: 4 }).map((list) => ({ width, list })),
    );
    fc.assert(
      fc.property(frames, ({ width, list }) => {
        for (const ops of [...list, ...list.slice().reverse()]) expect(run(FastOutput, width, 4, ops)).toEqual(run(InkOutput, width, 4, ops));
      }),
      { numRuns: 500 },
    );
  });

  it('a remembered row is keyed by where each line starts, not only by what it says', () => {
    // The same styled text one column apart, in two frames of the same width.
    for (const x of [0, 1, 0, 2]) {
      const ops: Op[] = [{ kind: 'write', x, y: 0, text: `${RED}ab${RESET}`, transform: 0 }, { kind: 'write', x: 4, y: 0, text: 'c', transform: 0 }];
      expect(run(FastOutput, 8, 1, ops)).toEqual(run(InkOutput, 8, 1, ops));
    }
  });

  it('on a frame like brum’s: a coloured title, plain log rows, a clipped list', () => {
    const ops: Op[] = [
      { kind: 'write', x: 0, y: 0, text: `${BOLD}brum${BOLD_OFF} · 3 running`, transform: 0 },
      { kind: 'clip', x1: 0, x2: 20, y1: 1, y2: 4 },
      { kind: 'write', x: 0, y: 1, text: `${RED}● web${RESET}  1234  <1m\n● api  99\n○ typecheck-with-a-long-name`, transform: 0 },
      { kind: 'unclip' },
      ...Array.from({ length: 30 }, (_, i): Op => ({ kind: 'write', x: 22, y: 1 + i, text: `flood line ${i} lorem ipsum dolor sit amet`, transform: 0 })),
      { kind: 'write', x: 22, y: 5, text: 'search hit', transform: 1 },
    ];
    const fast = run(FastOutput, 80, 24, ops);
    expect(fast).toEqual(run(InkOutput, 80, 24, ops));
    expect(fast.output.split('\n')[3]).toContain('flood line 2 lorem');
  });

  it('takes the plain path only for printable ASCII', () => {
    expect(isPlainAscii('flood line 000001 lorem ipsum ~')).toBe(true);
    expect(isPlainAscii('')).toBe(true);
    for (const s of ['\x1b[31mx', 'tab\there', 'é', '界', '\x7f', 'a\n']) expect(isPlainAscii(s)).toBe(false);
  });
});
