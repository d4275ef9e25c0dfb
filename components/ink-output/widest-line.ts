// Ink's render-node-to-output measures every text node of every frame with widest-line, whose string-width sends a
// row holding one `➜` or `✨` through Intl.Segmenter. Swapped in for Ink's import (scripts/ink-output-plugin.mjs):
// the same answer from brum's string-width (string-width.ts), which measures such rows without it.
import stringWidth from './string-width';

export default function widestLine(text: string): number {
  let width = 0;
  for (const line of text.split('\n')) width = Math.max(width, stringWidth(line));
  return width;
}
