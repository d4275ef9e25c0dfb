import { LineSplitter } from '../../src/logs/line-splitter';
import { newlineScanner, type NewlineScanner } from '../../src/logs/newline-scan';

export type Line = readonly [text: string, cut: boolean];

/**
 * Feeds `chunks` to a fresh splitter, then ends it, and returns every (text, cut) it emitted. `scanner` null
 * makes the plain-ASCII path search bytes instead of using the wasm scanner.
 */
export function splitChunks(
  chunks: ReadonlyArray<Uint8Array | string>,
  maxLineLength?: number,
  bytesBlockMin?: number,
  scanner: NewlineScanner | null = newlineScanner(),
): Line[] {
  const out: Line[] = [];
  const splitter = new LineSplitter((text, cut) => out.push([text, cut]), maxLineLength, bytesBlockMin, scanner);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return out;
}

export const utf8 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
