import { ErrorGroup, type Step } from './error-group';
import { at, isBlank, isIndented } from './line-shapes';

// rustc: `error[E0308]: mismatched types`; a bare `error: msg` counts only when ` --> file` follows at once.
const HEADER = /^error(\[E\d+\])?: (.+)$/;
const ARROW = /^\s*--> (.+?):(\d+):(\d+)$/;
const GUTTER = /^\d+\s*\|/;

class RustError extends ErrorGroup {
  constructor(message: string, confirmed: boolean) {
    super('rust');
    this.message = message;
    this.confirmed = confirmed;
  }

  accept(line: string): Step {
    const arrow = ARROW.exec(line);
    if (arrow !== null) {
      this.confirmed = true;
      this.location ??= at(arrow[1] ?? '', arrow[2], arrow[3]);
      return 'take';
    }
    if (!this.confirmed) return 'end';
    if (isBlank(line)) return this.takeBlank(1);
    if (line.startsWith('For more information about this error')) return 'done';
    return isIndented(line) || GUTTER.test(line) || line === '...' ? 'take' : 'end';
  }
}

export function startRustError(line: string): ErrorGroup | null {
  if (!line.startsWith('error')) return null;
  const m = HEADER.exec(line);
  return m === null ? null : new RustError(line.trim(), m[1] !== undefined);
}
