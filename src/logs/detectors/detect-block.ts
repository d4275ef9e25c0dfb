import { isCut, lineAt, lineIn, type LineBlock } from '../line-block';
import type { StreamName } from '../log-entry';
import { screenBlock, type Detector } from './detector';
import type { Detection } from './types';

/** Where a block's lines come from: line i is seq `first + i`. */
export interface BlockOrigin {
  readonly proc: string;
  readonly stream: StreamName;
  readonly ts: number;
  readonly first: number;
}

/**
 * Feeds a detector the lines of a block that could interest it, and hands `take` whatever it finds; returns how
 * many lines it fed. With the splitter's `looks`, only the marked lines are read, plus every line while an error
 * group is open (a stack trace's frames mark nothing themselves): the rest cost nothing, whatever they hold.
 * Without them (a `\r`, no wasm), one screen of the whole block decides.
 */
export function detectBlock(detector: Detector, block: LineBlock, at: BlockOrigin, take: (found: readonly Detection[]) => void): number {
  const { proc, stream, ts, first } = at;
  const feed = (i: number, text: string): void => {
    const found = detector.feed({ seq: first + i, proc, stream, ts, text, cut: isCut(block, i) });
    if (found.length > 0) take(found);
  };
  const looks = block.looks;
  if (looks === undefined) {
    const text = detector.busy ? block.text : screenBlock(block);
    if (text === null) return 0;
    for (let i = 0; i < block.count; i++) feed(i, lineIn(block, text, i));
    return block.count;
  }
  let fed = 0;
  let k = 0;
  for (let i = 0; i < block.count; i++) {
    if (!detector.busy) {
      while (k < looks.length && (looks[k] as number) < i) k++;
      if (k === looks.length) break;
      i = looks[k] as number;
    }
    feed(i, lineAt(block, i));
    fed++;
  }
  return fed;
}
