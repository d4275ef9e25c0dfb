import { ErrorGroup, type Step } from './error-group';
import { at, isBlank, isIndented } from './line-shapes';

// `panic: msg` (maybe `[recovered]`), or the runtime's `fatal error: all goroutines are asleep - deadlock!`.
const PANIC = /^panic: (.+)$/;
const FATAL = /^fatal error: (.+)$/;
const GOROUTINE = /^goroutine \d+ \[[^\]]*\]:$/;
// A frame is a call line (`main.main()`, `net/http.(*conn).serve(0xc000...)`) then a tab-indented file line.
// The name part holds at most one parenthesised receiver, so the pattern cannot backtrack badly on long lines.
const CALL = /^(?:created by )?[^\s(]+(?:\([^\s()]*\)[^\s(]*)?\(.*\)(?: in goroutine \d+)?$|^created by \S+/;
const FILE = /^\s+(\S+\.go):(\d+)(?: \+0x[0-9a-f]+)?$/;

class GoPanic extends ErrorGroup {
  private lastCall = '';

  constructor(message: string, confirmed: boolean) {
    super('go');
    this.message = message;
    this.confirmed = confirmed;
  }

  accept(line: string): Step {
    if (isBlank(line)) return this.takeBlank();
    if (GOROUTINE.test(line)) {
      this.confirmed = true;
      return 'take';
    }
    if (/^exit status \d+$/.test(line)) return 'done';
    if (line.startsWith('[signal ') || line.startsWith('panic: ') || line.startsWith('...')) return 'take';
    if (CALL.test(line)) {
      this.lastCall = line;
      return 'take';
    }
    if (!isIndented(line)) return 'end';
    const file = FILE.exec(line);
    // Skip the runtime's own frames (`panic(...)`, `runtime.x`): the first frame after them is the culprit.
    const runtimeFrame = this.lastCall.startsWith('panic(') || this.lastCall.startsWith('runtime.');
    if (file !== null && !runtimeFrame) this.location ??= at(file[1] ?? '', file[2]);
    return 'take';
  }
}

export function startGoPanic(line: string): ErrorGroup | null {
  const panic = PANIC.exec(line);
  if (panic !== null) return new GoPanic(line.trim(), true);
  // Other tools print `fatal error:` too; only the goroutine dump that follows makes it Go's.
  const fatal = FATAL.exec(line);
  return fatal === null ? null : new GoPanic(line.trim(), false);
}
