import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/brum';

// The flood script is what the flood benchmarks measure every runner with, so its output is pinned here: a
// faster generator must print exactly the same lines.
const FLOOD = path.join(ROOT, 'examples/demo/scripts/flood.mjs');

function flood(args: string[], env: NodeJS.ProcessEnv = {}): string[] {
  const r = spawnSync(process.execPath, [FLOOD, ...args], { env: { ...process.env, ...env }, maxBuffer: 1 << 30, encoding: 'latin1' });
  expect(r.status).toBe(0);
  expect(r.stderr).toBe('');
  expect(r.stdout.endsWith('\n')).toBe(true);
  return r.stdout.slice(0, -1).split('\n');
}

/** What line i is, by definition: the number zero-padded to six digits, longer numbers as they are. */
const expected = (i: number): string => `flood line ${String(i).padStart(6, '0')} lorem ipsum dolor sit amet`;

describe('examples/demo flood script', () => {
  it('prints N numbered lines and then the done line', () => {
    for (const n of [0, 1, 7]) {
      const lines = flood([String(n)]);
      expect(lines).toEqual([...Array.from({ length: n }, (_, k) => expected(k + 1)), `flood done: ${n} lines`]);
    }
  });

  it('prints every line of a million-line flood exactly, across chunks and the switch to seven digits', () => {
    const n = 1_000_003;
    const lines = flood([], { FLOOD_LINES: '1_000_003' });
    expect(lines.length).toBe(n + 1);
    let wrong = 0;
    for (let i = 1; i <= n; i++) if (lines[i - 1] !== expected(i)) wrong++;
    expect(wrong).toBe(0);
    expect(lines.slice(999_998, 1_000_001)).toEqual([expected(999_999), expected(1_000_000), expected(1_000_001)]);
    expect(lines[n]).toBe(`flood done: ${n} lines`);
  });
});
