import { ErrorGroup, type Step } from './error-group';
import type { DetectedError } from './types';
import { isBlank } from './line-shapes';

// npm ≤ 8 prefixes every line of a failure with `npm ERR!`, npm ≥ 9 with `npm error`.
const PREFIX = /^npm (?:ERR!|error)(?:\s|$)/;
// Lines that describe the failed command rather than say what went wrong.
const DETAIL = /^(?:code|errno|syscall|path|signal|cwd|workspace|location|command (?!failed))\b|^A complete log|^Log files|^$/;

/** A run of consecutive npm error lines is one error. */
class NpmError extends ErrorGroup {
  private readonly contents: string[] = [];

  constructor(first: string) {
    super('npm');
    this.note(first);
  }

  // npm 8 puts a blank line before its closing `A complete log of this run…` line.
  accept(line: string): Step {
    if (isBlank(line)) return this.takeBlank(1);
    if (!PREFIX.test(line)) return 'end';
    this.note(line);
    return 'take';
  }

  private note(line: string): void {
    this.contents.push(line.replace(PREFIX, '').trim());
  }

  override toError(proc: string): DetectedError | null {
    this.message = this.contents.find((c) => !DETAIL.test(c)) ?? this.contents[0] ?? '';
    return super.toError(proc);
  }
}

export function startNpmError(line: string): ErrorGroup | null {
  return line.startsWith('npm ') && PREFIX.test(line) ? new NpmError(line) : null;
}
