// What headless `[brum]` notes and TUI rows say about orchestration, from snapshots alone (pure functions).
import { describe, expect, it } from 'vitest';
import { nextCountdownFrame, rowNote } from '../components/row-note';
import { statusNote } from '../src/headless/status-notes';
import { createProcessState, transition, type ProcessEvent, type ProcessState } from '../src/state/process-state';

const idle = createProcessState({ id: 'db', name: 'db', command: 'x', cwd: '/' });
const after = (...events: ProcessEvent[]): ProcessState => events.reduce(transition, idle);
const started = (probe: string | null = null): ProcessState =>
  after({ type: 'start', at: 1000 }, { type: 'spawned', pid: 7, at: 1000, probe });

describe('headless notes', () => {
  it('waiting names what it waits for, and again when that changes', () => {
    const waiting = after({ type: 'wait', on: 'db: ready, migrate: succeeded', at: 0 });
    expect(statusNote(idle, waiting)).toBe('db waiting for db: ready, migrate: succeeded');
    const narrower = transition(waiting, { type: 'wait', on: 'migrate: succeeded', at: 1 });
    expect(statusNote(waiting, narrower)).toBe('db waiting for migrate: succeeded');
    expect(statusNote(narrower, narrower)).toBeNull();
  });

  it('ready says how long and via which probe; a start without a probe says nothing', () => {
    const checking = started('tcp 127.0.0.1:5432');
    const ready = transition(checking, { type: 'ready', at: 2520 });
    expect(statusNote(checking, ready)).toBe('db ready in 1.5 s via tcp 127.0.0.1:5432');
    expect(statusNote(after({ type: 'start', at: 0 }), started())).toBeNull();
    const unready = transition(checking, { type: 'unready', reason: 'not ready after 60 s (tcp 127.0.0.1:5432)', at: 61_000 });
    expect(statusNote(checking, unready)).toBe('db not ready after 60 s (tcp 127.0.0.1:5432)');
  });

  it('restarting says why, in how long and which attempt; giving up is a failure with the reason', () => {
    const running = started();
    const restarting = transition(running, { type: 'exit', code: 1, signal: null, at: 2000, restart: { delayMs: 500, attempt: 1, max: 10 } });
    expect(statusNote(running, restarting)).toBe('db exited with code 1; restarting in 0.5 s (1/10)');
    const unlimited = transition(running, { type: 'exit', code: 1, signal: null, at: 2000, restart: { delayMs: 1520, attempt: 4, max: null } });
    expect(statusNote(running, unlimited)).toBe('db exited with code 1; restarting in 1.5 s (4)');
    const gaveUp = transition(running, { type: 'exit', code: 1, signal: null, at: 2000, gaveUp: 'crash loop: gave up after 10 restarts in 41 s' });
    expect(statusNote(running, gaveUp)).toBe('db failed: crash loop: gave up after 10 restarts in 41 s');
    expect(statusNote(restarting, transition(restarting, { type: 'cancel', at: 2100 }))).toBe('db will not restart (stopped)');
  });

  it('a dependency that never holds fails the dependent with its reason', () => {
    const waiting = after({ type: 'wait', on: 'db: ready', at: 0 });
    const failed = transition(waiting, { type: 'dependency-failed', reason: 'db failed: exited with code 1', at: 1 });
    expect(statusNote(waiting, failed)).toBe('db failed: db failed: exited with code 1');
    expect(statusNote(waiting, transition(waiting, { type: 'cancel', at: 1 }))).toBe('db no longer waiting (stopped)');
  });
});

describe('watch notes', () => {
  it('every watch restart says why, the same files twice included; suspending and pausing are told', () => {
    const running = started();
    const once = transition(running, { type: 'triggered', trigger: 'src/routes/users.ts changed (+3 more)', at: 5 });
    expect(statusNote(running, once)).toBe('db restarting: src/routes/users.ts changed (+3 more)');
    const again = transition(once, { type: 'triggered', trigger: 'src/routes/users.ts changed (+3 more)', at: 9 });
    expect(statusNote(once, again)).toBe('db restarting: src/routes/users.ts changed (+3 more)');
    const crashed = transition(running, { type: 'exit', code: 1, signal: null, at: 3 });
    expect(statusNote(crashed, transition(crashed, { type: 'triggered', trigger: 'a.ts changed', at: 4 }))).toBe('db starting: a.ts changed');
    const on = transition(running, { type: 'watch', watch: { state: 'on', reason: null }, at: 1 });
    const suspended = transition(on, { type: 'watch', watch: { state: 'suspended', reason: 'watch suspended: 10 restarts within a minute' }, at: 2 });
    expect(statusNote(on, suspended)).toBe('db watch suspended: 10 restarts within a minute: no more restarts on changes until resumed');
    expect(statusNote(on, transition(on, { type: 'watch', watch: { state: 'paused', reason: null }, at: 2 }))).toBe('db watch paused');
    expect(rowNote(suspended, 0)).toEqual({ text: 'watch suspended: 10 restarts within a minute · w resumes', tone: 'warn' });
    expect(rowNote(again, 0).text).toBe('↻ src/routes/users.ts changed (+3 more)');
  });
});

describe('TUI row notes', () => {
  it('says what each orchestration state means', () => {
    expect(rowNote(after({ type: 'wait', on: 'db: ready', at: 0 }), 0)).toEqual({ text: 'waiting for db: ready', tone: 'warn' });
    expect(rowNote(started('http http://x/health'), 0)).toEqual({ text: 'checking http http://x/health…', tone: 'muted' });
    expect(rowNote(transition(started('tcp :1'), { type: 'ready', at: 2520 }), 0)).toEqual({ text: 'ready in 1.5 s', tone: 'ok' });
    expect(rowNote(started(), 0)).toEqual({ text: '', tone: 'muted' });
  });

  it('counts a pending restart down in tenths, never showing 0.0 s before it fires', () => {
    const restarting = transition(started(), { type: 'exit', code: 1, signal: null, at: 10_000, restart: { delayMs: 1600, attempt: 3, max: 10 } });
    expect(rowNote(restarting, 10_000).text).toBe('↻ 3/10 in 1.6 s · exited with code 1');
    expect(rowNote(restarting, 11_550).text).toBe('↻ 3/10 in 0.1 s · exited with code 1');
    expect(rowNote(restarting, 11_599).text).toBe('↻ 3/10 in 0.1 s · exited with code 1');
    // The next frame is due when the text changes: at the next tenth of the time left.
    expect(nextCountdownFrame([restarting], 10_000)).toBe(10_100);
    expect(nextCountdownFrame([restarting], 10_030)).toBe(10_100);
    expect(nextCountdownFrame([restarting], 11_600)).toBeNull();
    expect(nextCountdownFrame([started()], 0)).toBeNull();
  });
});
