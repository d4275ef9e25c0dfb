// string-width, with a fast path for the text brum's own screen and most logs are made of. brum's Output
// (fast-output.ts) and its text measuring (measure-text.ts) use it; Ink's other callers keep the library
// (swapping it in for them too gained nothing measurable: docs/performance.md, removed entries).
//
// Why: Ink measures every text node of every frame. string-width 8 already skips its work for plain ASCII, but one
// `─`, `●` or `➜` sends a whole row through Intl.Segmenter and Unicode-property regexes; measured under a 1M-line
// flood, that was ~20 ms spread over the frames for brum's own rules and icons, and more for a dev server's log
// lines. A string of simple units (simple-text.ts: each its own cluster) is as wide as the sum of its units'
// widths. Anything else goes to string-width itself (test/ink-string-width.property.test.ts checks both).
import realStringWidth from 'string-width';
import stripAnsi from 'strip-ansi';
import { isSimpleUnit, unitWidth } from './simple-text';

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
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x20 && c <= 0x7e) width++;
    else if (isSimpleUnit(c)) width += unitWidth(c);
    else return undefined;
  }
  return width;
}
