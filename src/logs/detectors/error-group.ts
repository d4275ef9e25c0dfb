import type { DetectedError, ErrorKind, SourceLocation } from './types';
import { isBlank, isDependency } from './line-shapes';

/**
 * What a group says about the line it is offered:
 * - `take`: the line belongs to it and more may follow;
 * - `done`: the line belongs to it and closes it;
 * - `end`: the line is not part of it, so the group is closed and the line must be looked at afresh.
 */
export type Step = 'take' | 'done' | 'end';

/** A runaway group (an unterminated body, a huge stack) stops here and the lines after it are scanned normally. */
export const MAX_GROUP_LINES = 50;

/**
 * The lines of one error being collected. A subclass recognises its own body in `accept`; the detector adds
 * each accepted line. Headers that might only start an error (node's `file.js:12` before the error line)
 * leave `confirmed` false until the confirming line arrives; an unconfirmed group reports nothing and the
 * detector rescans its lines.
 */
export abstract class ErrorGroup {
  readonly lines: string[] = [];
  readonly seqs: number[] = [];
  protected message = '';
  protected location: SourceLocation | undefined;
  protected confirmed = true;
  /** Blank lines at the end of `lines`: kept while the group may go on, trimmed when it is reported. */
  protected trailingBlanks = 0;
  private dependencyFrame: SourceLocation | undefined;
  private frameChosen = false;

  protected constructor(readonly kind: ErrorKind) {}

  abstract accept(line: string): Step;

  get isConfirmed(): boolean {
    return this.confirmed;
  }

  add(seq: number, line: string): void {
    this.lines.push(line);
    this.seqs.push(seq);
    this.trailingBlanks = isBlank(line) ? this.trailingBlanks + 1 : 0;
  }

  get isFull(): boolean {
    return this.lines.length >= MAX_GROUP_LINES;
  }

  /** Tolerates a couple of blank lines inside a body; a longer gap means the output moved on. */
  protected takeBlank(maxRun = 2): Step {
    return this.trailingBlanks < maxRun ? 'take' : 'end';
  }

  /** Stack frames: the first frame outside node_modules wins, the first dependency frame is the fallback. */
  protected offerFrame(loc: SourceLocation | undefined): void {
    if (loc === undefined || this.frameChosen) return;
    if (isDependency(loc)) {
      this.dependencyFrame ??= loc;
      return;
    }
    this.frameChosen = true;
    this.frameFound(loc);
  }

  /** Called with the first user frame; by default it becomes the location unless one is already known. */
  protected frameFound(loc: SourceLocation): void {
    this.location ??= loc;
  }

  toError(proc: string): DetectedError | null {
    if (!this.confirmed) return null;
    const lines = this.lines.slice(0, this.lines.length - this.trailingBlanks);
    const location = this.location ?? this.dependencyFrame;
    const message = this.message !== '' ? this.message : (lines[0] ?? '').trim();
    const base = { proc, seq: this.seqs[0] ?? 0, kind: this.kind, message, lines };
    return location === undefined ? base : { ...base, location };
  }
}
