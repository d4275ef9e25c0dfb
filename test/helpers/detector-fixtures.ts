import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createDetector } from '../../src/logs/detectors';
import type { Detection, SourceLocation } from '../../src/logs/detectors';
import type { LogEntry } from '../../src/logs/log-entry';

export const FIXTURE_DIR = path.join(import.meta.dirname, '..', 'fixtures', 'detectors');

/** What a fixture's `*.expected.json` promises. `line` is the 1-based line of the fixture that starts it. */
export interface Expected {
  readonly errors: readonly {
    readonly line: number;
    readonly kind: string;
    /** A substring of the reported message. */
    readonly message: string;
    readonly location: SourceLocation | null;
    /** How many lines the error groups. */
    readonly lines: number;
  }[];
  readonly urls: readonly { readonly line: number; readonly url: string }[];
}

export interface Fixture {
  readonly name: string;
  readonly lines: readonly string[];
  readonly expected: Expected;
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(FIXTURE_DIR, file), 'utf8');
      const lines = text.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      const json = readFileSync(path.join(FIXTURE_DIR, file.replace(/\.txt$/, '.expected.json')), 'utf8');
      return { name: file.replace(/\.txt$/, ''), lines, expected: JSON.parse(json) as Expected };
    });
}

/** A line as the log store hands it over: seq is the 1-based line number, so expectations can name lines. */
export function entry(proc: string, seq: number, text: string): LogEntry {
  return { seq, proc, stream: 'stdout', ts: 0, text };
}

/** Feeds the lines one by one, flushing after the indices in `flushAfter` and at the end. */
export function detectAll(proc: string, lines: readonly string[], flushAfter: ReadonlySet<number> = new Set()): Detection[] {
  const detector = createDetector(proc);
  const out: Detection[] = [];
  lines.forEach((text, i) => {
    out.push(...detector.feed(entry(proc, i + 1, text)));
    if (flushAfter.has(i)) out.push(...detector.flush());
  });
  out.push(...detector.flush());
  return out;
}
