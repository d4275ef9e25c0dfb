// Types for corpora.mjs, which stays plain JavaScript so gen.mjs runs under bare Node.
export type CorpusName = 'plain' | 'json' | 'ansi' | 'mix' | 'long' | 'digits';

export interface Corpus {
  readonly name: CorpusName;
  /** Distinct template lines cycled (0 for digits, whose lines are the numbers themselves). */
  readonly poolSize: number;
  /** The range every line's length in bytes (without its line feed) falls in. */
  readonly lineBytes: readonly [number, number];
  /** Changes whenever the pool does, so cached files are never stale. */
  readonly fingerprint: string;
  /** Line `i` (0-based) without its line feed; random access, for checking a runner's output. */
  lineAt(i: number): string;
  /** The first `total` lines as buffers of whole lines, each at least `chunkBytes` long except the last. */
  chunks(total: number, chunkBytes?: number): Generator<Buffer, void, undefined>;
}

export const CORPUS_VERSION: number;
export const CORPUS_NAMES: readonly CorpusName[];
export const CHUNK_BYTES: number;
export function corpus(name: string): Corpus;
/** The path of a file holding the first `lines` lines, written once per corpus version and reused. */
export function materialize(name: string, lines: number, dir?: string): string;
