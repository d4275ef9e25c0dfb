import stripAnsi from 'strip-ansi';
import type { LogEntry } from '../../src/logs/log-entry';

/** One view of the LogStore as the spec describes it, kept with plain arrays: one entry per line. */
export class ViewModel {
  kept: LogEntry[] = [];
  evicted: number[] = [];
  constructor(
    readonly maxLines: number,
    readonly maxBytes: number,
  ) {}
  bytes(): number {
    return this.kept.reduce((sum, e) => sum + e.text.length + 1, 0);
  }
  push(e: LogEntry): void {
    this.kept.push(e);
    while (this.kept.length > this.maxLines || (this.bytes() > this.maxBytes && this.kept.length > 1)) {
      this.evicted.push(this.kept.shift()!.seq);
    }
  }
  missedAfter(seq: number): number {
    return Math.min(this.evicted.filter((s) => s > seq).length, this.maxLines);
  }
  window(offsetFromEnd: number, count: number): { entries: LogEntry[]; total: number; offsetFromEnd: number } {
    const total = this.kept.length;
    const n = Math.min(Math.max(0, Math.floor(count)), total);
    const offset = Math.min(Math.max(0, Math.floor(offsetFromEnd)), total - n);
    return { entries: this.kept.slice(total - offset - n, total - offset), total, offsetFromEnd: offset };
  }
}

/**
 * What search should find in one line, computed the obvious way: strip the escapes, then run the pattern over
 * that line alone, stepping past empty matches. Empty matches select the line without adding a range.
 */
export function naiveLineRanges(text: string, query: string, regex: boolean, caseSensitive: boolean): Array<[number, number]> | null {
  const plain = stripAnsi(text);
  const source = regex ? query : query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const re = new RegExp(source, caseSensitive ? 'g' : 'gi');
  let found: Array<[number, number]> | null = null;
  for (let at = 0; at <= plain.length; ) {
    re.lastIndex = at;
    const m = re.exec(plain);
    if (m === null) break;
    found ??= [];
    const end = m.index + m[0].length;
    if (end > m.index) {
      found.push([m.index, end]);
      at = end;
    } else {
      at = m.index + 1;
    }
  }
  return found;
}
