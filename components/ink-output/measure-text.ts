// A drop-in replacement for Ink 6.8's measure-text.js, swapped in at build time by scripts/ink-output-plugin.mjs
// (and by vitest.config.ts for the tests). Same result; the only change is that its memo is bounded (see
// BoundedMemo for why): Ink's own kept every text it ever measured.
import { BoundedMemo } from './bounded-memo';
// What Ink's widest-line gets for string-width through the swap, so the widths are the ones Ink would compute.
import stringWidth from './string-width';

export interface TextDimensions {
  readonly width: number;
  readonly height: number;
}

/** Entries per generation: a frame measures each of its text nodes once or twice, a few hundred at most. */
export const MEASURE_MEMO_LIMIT = 2048;

export const measureMemo = new BoundedMemo<TextDimensions>(MEASURE_MEMO_LIMIT);

export default function measureText(text: string): TextDimensions {
  if (text.length === 0) return { width: 0, height: 0 };
  const cached = measureMemo.get(text);
  if (cached !== undefined) return cached;
  const lines = text.split('\n');
  let width = 0;
  for (const line of lines) width = Math.max(width, stringWidth(line));
  const dimensions = { width, height: lines.length };
  measureMemo.set(text, dimensions);
  return dimensions;
}
