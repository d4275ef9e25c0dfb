import { ErrorGroup, type Step } from './error-group';
import type { DetectedError, SourceLocation } from './types';
import { at, isBlank, isIndented, parseStackFrame } from './line-shapes';

// vitest ` FAIL  src/a.test.ts > suite > name` (maybe `|project|` first), jest `FAIL src/a.test.js (1.2 s)`.
const FAIL = /^\s*FAIL\s+(?:\|[^|]+\|\s+)?([^\s|]+\.[cm]?[jt]sx?)\b(.*)$/;
// vitest's stack: ` ❯ src/a.test.ts:6:17`, or with the function first: ` ❯ add src/math.ts:3:9`.
const VITEST_POINTER = /^\s*❯\s+(?:\S+\s+)?(\S+?):(\d+):(\d+)\s*$/;
// Lines that start the next part of a runner's report.
const NEXT_SECTION = /^\s*(?:FAIL|PASS|RERUN|✓|Test Files |Tests |Test Suites:|Tests:|Snapshots:|Time:|Duration |Start at |Ran all test suites)/;
const SEPARATOR = /^\s*⎯{3,}/;
// go test: `--- FAIL: TestSum (0.00s)` then indented `    sum_test.go:12: got 3, want 4`.
const GO_FAIL = /^\s*--- FAIL: (\S+)/;
const GO_POSITION = /^\s+(\S+\.go):(\d+): (.*)$/;
// pytest's short summary: `FAILED tests/test_a.py::test_sum - assert 3 == 4`.
const PYTEST = /^FAILED (\S+?\.py)::(\S+)(?: - (.*))?$/;

/** vitest and jest: one error per FAIL line, with the assertion that follows it. */
class RunnerFailure extends ErrorGroup {
  private jest: boolean | undefined;
  private title: string;
  private assertion = '';

  constructor(file: string, rest: string) {
    super('test');
    // Until something better turns up, the failing test file is the location.
    this.location = { file };
    this.title = rest
      .replace(/^\s*>\s*/, '')
      .replace(/^\s*\[.*\]\s*$/, '')
      .replace(/\s*\(\d[\d.]*\s*m?s\)$/, '')
      .trim();
  }

  accept(line: string): Step {
    if (isBlank(line)) return 'take';
    if (NEXT_SECTION.test(line)) return 'end';
    // jest indents everything under its header and starts with `  ● suite › name`; vitest does not indent.
    this.jest ??= /^\s+●/.test(line);
    if (this.jest) {
      if (!isIndented(line)) return 'end';
      const bullet = /^\s+● (.*)$/.exec(line);
      if (bullet === null) this.noteBody(line);
      else if (this.title === '') this.title = bullet[1] ?? '';
      return 'take';
    }
    if (SEPARATOR.test(line)) return 'done';
    const pointer = VITEST_POINTER.exec(line);
    if (pointer === null) this.noteBody(line);
    else this.offerFrame(at(pointer[1] ?? '', pointer[2], pointer[3]));
    return 'take';
  }

  private noteBody(line: string): void {
    if (this.assertion === '') this.assertion = line.trim();
    this.offerFrame(parseStackFrame(line));
  }

  // The first frame in the user's code replaces the test file as the location.
  protected override frameFound(loc: SourceLocation): void {
    this.location = loc;
  }

  override toError(proc: string): DetectedError | null {
    const parts = [this.title, this.assertion].filter((p) => p !== '');
    if (parts.length > 0) this.message = parts.join(': ');
    return super.toError(proc);
  }
}

class GoTestFailure extends ErrorGroup {
  constructor(name: string) {
    super('test');
    this.message = name;
  }

  accept(line: string): Step {
    if (!isIndented(line)) return 'end';
    const m = GO_POSITION.exec(line);
    if (m !== null && this.location === undefined) {
      this.location = at(m[1] ?? '', m[2]);
      this.message = `${this.message}: ${m[3] ?? ''}`;
    }
    return 'take';
  }
}

class OneLineFailure extends ErrorGroup {
  constructor(message: string, file: string) {
    super('test');
    this.message = message;
    this.location = { file };
  }

  accept(): Step {
    return 'end';
  }
}

export function startTestFailure(line: string): ErrorGroup | null {
  if (!line.includes('FAIL')) return null;
  const fail = FAIL.exec(line);
  if (fail !== null) return new RunnerFailure(fail[1] ?? '', fail[2] ?? '');
  const go = GO_FAIL.exec(line);
  if (go !== null) return new GoTestFailure(go[1] ?? '');
  const py = PYTEST.exec(line);
  if (py !== null) return new OneLineFailure(py[3] === undefined ? (py[2] ?? '') : `${py[2]}: ${py[3]}`, py[1] ?? '');
  return null;
}
