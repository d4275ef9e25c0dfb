import { ErrorGroup, type Step } from './error-group';
import type { DetectedError, SourceLocation } from './types';
import { cleanFile, isBlank, isCodeFrame, isStackFrame, parseStackFrame } from './line-shapes';

// `TypeError: x is not a function`, `Error [ERR_X]: msg`, `Uncaught ReferenceError: x`, Next's `⨯ Error: msg`.
// The name must end in "Error" and be followed by a colon, so "Error budget check" or "Errors: 0" stay quiet.
const NAMED_ERROR = /^\s*(?:[⨯✖×]\s+)?(?:Uncaught\s+(?:\(in promise\)\s+)?)?((?:[A-Z][\w$]*)?Error(?: \[[\w-]+\])?):(?:\s+(.*))?$/;
// Browsers' console form without the colon: `Uncaught ReferenceError x is not defined`.
const UNCAUGHT_BARE = /^\s*Uncaught\s+(?:\(in promise\)\s+)?((?:[A-Z][\w$]*)?Error)\s+(.+)$/;
// node's crash header: the throwing file and line, then the source line and a caret, then the error.
const CRASH_HEADER = /^((?:file:\/\/)?\S+?\.[cm]?[jt]sx?|node:[\w/.-]+):(\d+)$/;
const CARET = /^\s*\^+\s*$/;
const NODE_TRAILER = /^Node\.js v\d/;

/** Parses an error line into its message, or undefined when the line does not have an error's shape. */
export function jsErrorMessage(line: string): string | undefined {
  const named = NAMED_ERROR.exec(line);
  if (named !== null) return named[2] === undefined ? named[1] : `${named[1]}: ${named[2]}`;
  const bare = UNCAUGHT_BARE.exec(line);
  return bare === null ? undefined : `${bare[1]}: ${bare[2]}`;
}

type Phase = 'code' | 'gap' | 'stack' | 'props';

class JsErrorGroup extends ErrorGroup {
  private phase: Phase;
  private codeLines = 0;
  private readonly header: SourceLocation | undefined;

  constructor(message: string | undefined, header?: SourceLocation) {
    super('js');
    this.header = header;
    if (message === undefined) {
      this.confirmed = false;
      this.phase = 'code';
    } else {
      this.message = message;
      this.phase = 'stack';
    }
  }

  accept(line: string): Step {
    switch (this.phase) {
      case 'code':
        return this.acceptCode(line);
      case 'gap':
        return this.acceptGap(line);
      case 'stack':
        return this.acceptStack(line);
      case 'props':
        if (line.startsWith('}')) this.phase = 'stack';
        return 'take';
      default: {
        const never: never = this.phase;
        return never;
      }
    }
  }

  // The source line (rarely more than one) up to the caret under it.
  private acceptCode(line: string): Step {
    if (CARET.test(line)) {
      this.phase = 'gap';
      return 'take';
    }
    this.codeLines++;
    return this.codeLines <= 3 ? 'take' : 'end';
  }

  // After the caret: blank lines, then the error line that confirms this is a crash.
  private acceptGap(line: string): Step {
    if (isBlank(line)) return this.takeBlank();
    const message = jsErrorMessage(line);
    if (message === undefined) return 'end';
    this.message = message;
    this.confirmed = true;
    this.phase = 'stack';
    return 'take';
  }

  private acceptStack(line: string): Step {
    if (isBlank(line)) return this.takeBlank();
    if (isStackFrame(line)) {
      this.offerFrame(parseStackFrame(line));
      // node prints the error's own properties in braces after the last frame, closing at column 0.
      if (line.trimEnd().endsWith('{')) this.phase = 'props';
      return 'take';
    }
    if (/^\s+\.\.\. \d+ (?:more|lines)/.test(line) || isCodeFrame(line)) return 'take';
    if (NODE_TRAILER.test(line)) return 'done';
    return 'end';
  }

  protected override frameFound(loc: SourceLocation): void {
    if (this.header === undefined) {
      this.location ??= loc;
    } else if (loc.file === this.header.file && loc.line === this.header.line) {
      this.location = loc;
    }
  }

  override toError(proc: string): DetectedError | null {
    if (this.location === undefined && this.header !== undefined) this.location = this.header;
    return super.toError(proc);
  }
}

/** A JS error line with the stack frames that follow it. */
export function startJsError(line: string): ErrorGroup | null {
  const message = jsErrorMessage(line);
  return message === undefined ? null : new JsErrorGroup(message);
}

/** node's `/app/server.js:12` crash header; checked only for lines that end in a digit. */
export function startNodeCrash(line: string): ErrorGroup | null {
  const m = CRASH_HEADER.exec(line);
  if (m === null) return null;
  const file = cleanFile(m[1] ?? '');
  const header = file.startsWith('node:') ? undefined : { file, line: Number(m[2]) };
  return new JsErrorGroup(undefined, header);
}
