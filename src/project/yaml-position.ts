import type { Document, LineCounter } from 'yaml';
import { yamlLib } from './yaml-lib';

/** Where to point for a path: at the key that names it (an unknown key, a missing part) or at its value. */
export type Anchor = 'key' | 'value';

export interface Position {
  readonly line: number;
  readonly col: number;
}

/**
 * The line:col (both from 1) of the node at `path` in a parsed document. A path that leaves the document (a key
 * that is missing) stops at the deepest node it reached. A value that is not written (`api:` with nothing after
 * it) has no place of its own, so its key stands for it.
 */
export function positionOf(doc: Document, counter: LineCounter, path: readonly PropertyKey[], anchor: Anchor): Position {
  const { isAlias, isMap, isScalar, isSeq } = yamlLib();
  let node: unknown = doc.contents;
  let keyNode: unknown = null;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => keyText(item.key) === String(segment));
      if (pair === undefined) break;
      keyNode = pair.key;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number' && segment < node.items.length) {
      keyNode = null;
      node = node.items[segment];
    } else {
      break;
    }
  }
  const keyStart = startOf(keyNode);
  const valueStart = isScalar(node) && node.value === null && node.source === '' ? null : startOf(node);
  const offset = anchor === 'key' ? (keyStart ?? valueStart) : (valueStart ?? keyStart);
  return offset === null ? { line: 1, col: 1 } : counter.linePos(offset);
}

function keyText(key: unknown): string {
  return yamlLib().isScalar(key) ? String(key.value) : String(key);
}

function startOf(node: unknown): number | null {
  if (node === null || typeof node !== 'object' || !('range' in node)) return null;
  const range = (node as { range?: readonly number[] | null }).range;
  return range?.[0] ?? null;
}
