// A drop-in replacement for Ink 6.8's wrap-text.js, swapped in at build time by scripts/ink-output-plugin.mjs
// (and by vitest.config.ts for the tests). Same result, through the same libraries. Two changes to its memo: it is
// bounded (see BoundedMemo for why), where Ink's kept every line it ever cut or wrapped, and every log line wider
// than the pane is cut; and its key cannot collide, where Ink's (text + width + type) gave `port 1` at width 20
// and `port ` at width 120 one entry.
import cliTruncate from 'cli-truncate';
import wrapAnsi from 'wrap-ansi';
import { BoundedMemo } from './bounded-memo';

/** Ink's `wrap` prop of Text. */
export type TextWrap = 'wrap' | 'end' | 'middle' | 'truncate' | 'truncate-end' | 'truncate-middle' | 'truncate-start';

/** Entries per generation: only texts wider than their box get here, at most one per row of a frame. */
export const WRAP_MEMO_LIMIT = 1024;

export const wrapMemo = new BoundedMemo<string>(WRAP_MEMO_LIMIT);

export default function wrapText(text: string, maxWidth: number, wrapType: TextWrap): string {
  // Width and type hold no space, so the first two spaces end them whatever the text is.
  const key = `${maxWidth} ${wrapType} ${text}`;
  const cached = wrapMemo.get(key);
  // As in Ink, an empty result is not taken from the memo (it is recomputed, to the same value).
  if (cached) return cached;
  let wrapped = text;
  if (wrapType === 'wrap') wrapped = wrapAnsi(text, maxWidth, { trim: false, hard: true });
  if (wrapType.startsWith('truncate')) {
    const position = wrapType === 'truncate-middle' ? 'middle' : wrapType === 'truncate-start' ? 'start' : 'end';
    wrapped = cliTruncate(text, maxWidth, { position });
  }
  wrapMemo.set(key, wrapped);
  return wrapped;
}
