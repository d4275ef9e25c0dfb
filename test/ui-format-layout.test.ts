import { describe, expect, it } from 'vitest';
import { fit, fitStart, formatUptime, msUntilUptimeChanges, plural, rule, statusIcon, thousands, uptime } from '../components/format';
import { computeLayout, listStart, MIN_LOG_ROWS } from '../components/layout';
import { compileQuery } from '../components/line-matcher';
import { offsetOfSeq, revealOffset } from '../components/log-locate';
import { LogStore } from '../src/logs/log-store';
import { createProcessState, transition } from '../src/state/process-state';

describe('format', () => {
  it('marks a clean exit ✔, a user stop ■ and a failure ✖', () => {
    const base = transition(createProcessState({ id: 'a', name: 'a', command: 'x', cwd: '/' }), { type: 'start', at: 0 });
    const running = transition(base, { type: 'spawned', pid: 10, at: 0 });
    expect(statusIcon(running)).toBe('●');
    expect(statusIcon(transition(running, { type: 'exit', code: 0, signal: null, at: 1 }))).toBe('✔');
    const stopping = transition(running, { type: 'stop', at: 1 });
    expect(statusIcon(transition(stopping, { type: 'exit', code: null, signal: 'SIGTERM', at: 2 }))).toBe('■');
    expect(statusIcon(transition(stopping, { type: 'exit', code: 143, signal: null, at: 2 }))).toBe('■');
    expect(statusIcon(transition(running, { type: 'exit', code: 1, signal: null, at: 1 }))).toBe('✖');
  });

  it('formats uptimes compactly, at minute resolution', () => {
    expect([0, 42_000, 133_000, 3_840_000, 2 * 86_400_000 + 3 * 3_600_000].map(formatUptime)).toEqual(['<1m', '<1m', '2m', '1h04m', '2d03h']);
  });

  it('knows when the shown uptime next changes: on the minute, on the hour after a day', () => {
    expect(msUntilUptimeChanges(0)).toBe(60_000);
    expect(msUntilUptimeChanges(133_000)).toBe(47_000);
    expect(msUntilUptimeChanges(86_400_000 + 1_000)).toBe(3_599_000);
  });

  it('uptime runs to now while alive and to the end once ended; empty before the first start', () => {
    const idle = createProcessState({ id: 'a', name: 'a', command: 'x', cwd: '/' });
    const running = transition(transition(idle, { type: 'start', at: 0 }), { type: 'spawned', pid: 1, at: 1000 });
    const ended = transition(running, { type: 'exit', code: 0, signal: null, at: 6000 });
    expect(uptime(idle, 99_000)).toBe('');
    expect(uptime(running, 181_000)).toBe('3m');
    expect(uptime(ended, 999_000)).toBe('<1m');
  });

  it('fits, rules and counts', () => {
    expect(fit('abcdef', 4)).toBe('abc…');
    expect(fit('ab', 4)).toBe('ab  ');
    expect(fitStart('/long/path/file.ts', 8)).toBe('…file.ts');
    expect(rule('web', 12)).toBe('── web ─────');
    expect(rule('web', 12)).toHaveLength(12);
    expect(thousands(1234567)).toBe('1,234,567');
    expect(plural(1, 'process')).toBe('1 process');
    expect(plural(3, 'process')).toBe('3 processes');
  });
});

describe('layout', () => {
  it('keeps the UI one row shorter than the terminal', () => {
    expect(computeLayout(40, 4, false).rootRows).toBe(39);
  });

  it('gives the list what it needs and the log the rest', () => {
    const l = computeLayout(40, 4, false);
    expect(l.listRows).toBe(4);
    // header + list + pane title + pane + status = root
    expect(1 + l.listRows + 1 + l.paneRows + 1).toBe(l.rootRows);
  });

  it('caps the list so the log keeps at least MIN_LOG_ROWS rows, however many processes', () => {
    const l = computeLayout(24, 200, true);
    expect(l.paneRows).toBeGreaterThanOrEqual(MIN_LOG_ROWS);
    expect(1 + l.listRows + 1 + l.paneRows + l.searchRows + 1).toBe(l.rootRows);
  });

  it('scrolls a long list to keep the selection in the middle', () => {
    expect(listStart(0, 100, 10)).toBe(0);
    expect(listStart(50, 100, 10)).toBe(45);
    expect(listStart(99, 100, 10)).toBe(90);
    expect(listStart(3, 5, 10)).toBe(0);
  });
});

describe('locating a line in a view', () => {
  function store(): LogStore {
    const logs = new LogStore();
    for (let i = 0; i < 100; i++) logs.append(i % 2 === 0 ? 'a' : 'b', 'stdout', `line ${i}`);
    return logs;
  }

  it('finds how many lines are newer than a seq, per process and merged', () => {
    const logs = store();
    // seq 1 is the oldest line of "a" (50 lines): 49 of a's lines are newer
    expect(offsetOfSeq(logs, 'a', 1)).toEqual({ offset: 49, exact: true });
    expect(offsetOfSeq(logs, null, 100)).toEqual({ offset: 0, exact: true });
    expect(offsetOfSeq(logs, null, 1)).toEqual({ offset: 99, exact: true });
  });

  it('says when the line is gone, and points at the nearest older one', () => {
    const logs = store();
    // seq 2 belongs to b, so it is not in a's view: the nearest older line of a is seq 1
    expect(offsetOfSeq(logs, 'a', 2)).toEqual({ offset: 49, exact: false });
    expect(offsetOfSeq(new LogStore(), null, 5)).toBeNull();
  });

  it('reveals a line by keeping the view if it is on screen, else centring it', () => {
    expect(revealOffset(10, 15, 20)).toBe(10);
    expect(revealOffset(10, 80, 20)).toBe(70);
    expect(revealOffset(50, 3, 20)).toBe(0);
  });
});

describe('highlight matcher', () => {
  it('matches like search: case-insensitive literal by default', () => {
    const q = compileQuery('err', false);
    expect(q.ok && q.match('Error: err')).toEqual([
      [0, 3],
      [7, 10],
    ]);
  });

  it('treats regex characters literally unless regex is on', () => {
    const literal = compileQuery('a.c', false);
    const regex = compileQuery('a.c', true);
    expect(literal.ok && literal.match('abc a.c')).toEqual([[4, 7]]);
    expect(regex.ok && regex.match('abc')).toEqual([[0, 3]]);
  });

  it('reports a bad regex instead of throwing', () => {
    const q = compileQuery('(unclosed', true);
    expect(q.ok).toBe(false);
    expect(!q.ok && q.error).toMatch(/^invalid regex: /);
  });

  it('skips empty matches without looping', () => {
    const q = compileQuery('x*', true);
    expect(q.ok && q.match('axxb')).toEqual([[1, 3]]);
  });
});
