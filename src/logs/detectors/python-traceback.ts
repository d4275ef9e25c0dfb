import { ErrorGroup, type Step } from './error-group';
import { at, isBlank, isIndented } from './line-shapes';

const TRACEBACK = /^\s*Traceback \(most recent call last\):\s*$/;
const FRAME = /^\s+File "(.+)", line (\d+)/;

/** From `Traceback (most recent call last):` through the unindented `SomeError: msg` that ends it. */
class PythonTraceback extends ErrorGroup {
  constructor() {
    super('python');
  }

  accept(line: string): Step {
    if (isBlank(line)) return 'end';
    if (!isIndented(line)) {
      this.message = line.trim();
      return 'done';
    }
    // The innermost frame is printed last, and that is where the exception was raised.
    const frame = FRAME.exec(line);
    if (frame !== null) this.location = at(frame[1] ?? '', frame[2]);
    return 'take';
  }
}

export function startPythonTraceback(line: string): ErrorGroup | null {
  return line.includes('Traceback') && TRACEBACK.test(line) ? new PythonTraceback() : null;
}
