// string-width, with a fast path for the text brum's own screen is made of. brum's Output (fast-output.ts) and its
// text measuring (measure-text.ts) use it; Ink's other callers keep the library (swapping it in for them too gained
// nothing measurable: docs/performance.md, removed entries).
//
// Why: Ink measures every text node of every frame. string-width 8 already skips its work for plain ASCII, but one
// `─` or `●` sends a whole row through Intl.Segmenter and Unicode-property regexes; measured under a 1M-line flood,
// that was ~20 ms spread over the frames, for rules and status icons. Each character below is one column wide and
// never joins its neighbours into a cluster, so a string made only of them and printable ASCII is as wide as it is
// long. Anything else goes to string-width itself (test/ink-string-width.property.test.ts checks both).
import realStringWidth from 'string-width';
import stripAnsi from 'strip-ansi';

/** One column each under string-width's defaults (checked in the tests); all are in the Basic Multilingual Plane. */
export const NARROW_SYMBOLS = '─│▸●○■✔✖↻·…›⚠▶✓✗═║╭╮╰╯┌┐└┘├┤┬┴┼▏▌◐◆◇★→←↑↓•▲▼–—≥≈×';

const NARROW = new Set<number>();
for (let i = 0; i < NARROW_SYMBOLS.length; i++) NARROW.add(NARROW_SYMBOLS.charCodeAt(i));

type Options = Parameters<typeof realStringWidth>[1];

export default function stringWidth(input: string, options?: Options): number {
  if (options === undefined && typeof input === 'string') {
    const width = shortcutWidth(input);
    if (width !== undefined) return width;
  }
  return realStringWidth(input, options);
}

/**
 * The width when the shortcut applies, else undefined. Escape sequences are removed first, exactly as string-width
 * does (same strip-ansi): Ink measures its rows after colouring them, so a coloured `● web` must take the shortcut
 * too, or every process row goes through the segmenter on every frame.
 */
export function shortcutWidth(input: string): number | undefined {
  const text = input.includes('\x1b') || input.includes('\x9b') ? stripAnsi(input) : input;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 || c > 0x7e) && !NARROW.has(c)) return undefined;
  }
  return text.length;
}
