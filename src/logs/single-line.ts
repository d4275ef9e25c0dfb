import type { StoredBlock } from './capped-log';
import type { LineBlock } from './line-block';
import type { StreamName } from './log-entry';

/** `ends` of a one-line block depends only on the line's length, so short lines share one array per length. */
const SHARED_ENDS: Array<Uint32Array | undefined> = [];
const MAX_SHARED_LENGTH = 1024;
const FIRST_LINE_CUT: readonly number[] = Object.freeze([0]);

function endsOf(length: number): Uint32Array {
  if (length > MAX_SHARED_LENGTH) return Uint32Array.of(length);
  return (SHARED_ENDS[length] ??= Uint32Array.of(length));
}

/**
 * A line appended on its own (`LogStore.append`): its one-line block and its stored record in one object. A
 * separate block, `ends` array and record would be three objects per line that live as long as the line is
 * retained, which is what made per-line storage slow to collect. This one has the fields of a log entry and
 * nothing more: what a one-line block can derive (its count, ends, cuts) comes from getters on the prototype.
 * Its `ends` may be shared with other lines of the same length, so like every stored block it is never written.
 */
export class SingleLine implements LineBlock, StoredBlock {
  constructor(
    readonly text: string,
    readonly proc: string,
    readonly stream: StreamName,
    readonly ts: number,
    readonly firstSeq: number,
    private readonly cut: boolean,
  ) {}

  get block(): LineBlock {
    return this;
  }

  get count(): number {
    return 1;
  }

  get ends(): Uint32Array {
    return endsOf(this.text.length);
  }

  get cuts(): readonly number[] | null {
    return this.cut ? FIRST_LINE_CUT : null;
  }

  get hasEscape(): boolean {
    return this.text.indexOf('\x1b') !== -1;
  }
}
