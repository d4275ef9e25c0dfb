// Checks a runner's prefixed output (`[a] line`) against the corpus each named command printed: per name, the
// lines after the prefix must be the corpus's lines, whole and in order.
import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import type { Corpus } from '../corpora/corpora.mjs';

export interface Counts {
  /** Lines that arrived whole, in their place. */
  intact: number;
  /** Lines that arrived but are not the next corpus line: torn, spliced, duplicated, out of order, unprefixed. */
  bad: number;
  /** Corpus lines that never arrived in order (expected − intact). */
  lost: number;
}

interface Cursor {
  want: number;
  intact: number;
  bad: number;
}

/** How far ahead a mismatched line is looked for, so one torn line does not make every later line count as bad. */
const LOOKAHEAD = 64;
/** Past this many bad lines of one name the output is broken anyway: stop looking ahead, which costs 64× per line. */
const GIVE_UP = 10_000;

export class CorpusChecker {
  private rest = '';
  private readonly cursors = new Map<string, Cursor>();
  /** The runner's own lines (exit notices). */
  other = 0;
  private unattributed = 0;

  /**
   * `lines` corpus lines are expected under each of `names`; `isOther` recognises the runner's own lines, which
   * are neither counted nor held against it.
   */
  constructor(
    private readonly corpus: Corpus,
    private readonly lines: number,
    names: readonly string[],
    private readonly isOther: (line: string) => boolean,
  ) {
    for (const name of names) this.cursors.set(name, { want: 0, intact: 0, bad: 0 });
  }

  feed(chunk: string): void {
    const text = this.rest + chunk;
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      this.check(text.slice(from, nl));
      from = nl + 1;
    }
    this.rest = text.slice(from);
  }

  finish(): void {
    if (this.rest !== '') this.check(this.rest);
    this.rest = '';
  }

  /** Summed over the names; a line no name could claim counts as bad. */
  totals(): Counts {
    let intact = 0;
    let bad = this.unattributed;
    for (const c of this.cursors.values()) {
      intact += c.intact;
      bad += c.bad;
    }
    return { intact, bad, lost: this.lines * this.cursors.size - intact };
  }

  private check(line: string): void {
    if (this.isOther(line)) {
      this.other++;
      return;
    }
    const close = line.startsWith('[') ? line.indexOf('] ') : -1;
    const cursor = close === -1 ? undefined : this.cursors.get(line.slice(1, close));
    if (cursor === undefined) {
      this.unattributed++;
      return;
    }
    const body = line.slice(close + 2);
    if (cursor.want < this.lines && body === this.corpus.lineAt(cursor.want)) {
      cursor.intact++;
      cursor.want++;
      return;
    }
    // Lines were dropped before this one (or it is torn): find where it belongs, a little way ahead.
    if (cursor.bad < GIVE_UP) {
      const end = Math.min(this.lines, cursor.want + 1 + LOOKAHEAD);
      for (let k = cursor.want + 1; k < end; k++) {
        if (body === this.corpus.lineAt(k)) {
          cursor.intact++;
          cursor.want = k + 1;
          return;
        }
      }
    }
    cursor.bad++;
  }
}

/** Feeds a file to the checker in 4 MiB reads (the output of a bench run is too big for one string). */
export function checkFile(file: string, checker: CorpusChecker): Counts {
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(4 << 20);
  const decoder = new StringDecoder('utf8');
  try {
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) checker.feed(decoder.write(buf.subarray(0, n)));
    checker.feed(decoder.end());
  } finally {
    closeSync(fd);
  }
  checker.finish();
  return checker.totals();
}

export function countsText(c: Counts): string {
  return `${c.intact}/${c.bad}/${c.lost}`;
}
