import { LineSplitter } from '../../src/logs/line-splitter';

export type Line = readonly [text: string, cut: boolean];

/** Feeds `chunks` to a fresh splitter, then ends it, and returns every (text, cut) it emitted. */
export function splitChunks(chunks: ReadonlyArray<Uint8Array | string>, maxLineLength?: number, bytesBlockMin?: number): Line[] {
  const out: Line[] = [];
  const splitter = new LineSplitter((text, cut) => out.push([text, cut]), maxLineLength, bytesBlockMin);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return out;
}

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
