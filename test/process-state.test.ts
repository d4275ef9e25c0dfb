import { describe, expect, it } from 'vitest';
import {
  IllegalTransitionError,
  PROCESS_EVENT_TYPES,
  PROCESS_STATUSES,
  createProcessState,
  exitReason,
  isActive,
  transition,
} from '../src/state/process-state';
import type { ProcessEvent, ProcessEventType, ProcessState, ProcessStatus } from '../src/state/process-state';

const base = { id: 'web', name: 'web', command: 'vite', cwd: '/tmp/app' };

/** Drives a fresh state through legal transitions only, so every status is reached the way the supervisor would. */
function stateIn(status: ProcessStatus): ProcessState {
  const idle = createProcessState(base);
  const starting = (): ProcessState => transition(idle, { type: 'start', at: 1 });
  const running = (): ProcessState => transition(starting(), { type: 'spawned', pid: 4242, at: 2 });
  switch (status) {
    case 'idle':
      return idle;
    case 'starting':
      return starting();
    case 'running':
      return running();
    case 'stopping':
      return transition(running(), { type: 'stop', at: 3 });
    case 'exited':
      return transition(running(), { type: 'exit', code: 0, signal: null, at: 4 });
    case 'failed':
      return transition(starting(), { type: 'spawn-failed', reason: 'spawn ENOENT', at: 2 });
    case 'waiting':
      return transition(idle, { type: 'wait', on: 'db: ready', at: 1 });
    case 'restarting':
      return transition(running(), { type: 'exit', code: 1, signal: null, at: 4, restart: { delayMs: 500, attempt: 1, max: 10 } });
    default: {
      const unreachable: never = status;
      throw new Error(`unknown status ${String(unreachable)}`);
    }
  }
}

/** One representative event of each type (exit is a clean exit, so its target is `exited` everywhere it is legal). */
function eventOf(type: ProcessEventType): ProcessEvent {
  switch (type) {
    case 'start':
      return { type: 'start', at: 10 };
    case 'spawned':
      return { type: 'spawned', pid: 777, at: 10 };
    case 'spawn-failed':
      return { type: 'spawn-failed', reason: 'spawn EACCES', at: 10 };
    case 'stop':
      return { type: 'stop', at: 10 };
    case 'exit':
      return { type: 'exit', code: 0, signal: null, at: 10 };
    case 'wait':
      return { type: 'wait', on: 'db: ready', at: 10 };
    case 'dependency-failed':
      return { type: 'dependency-failed', reason: 'db failed', at: 10 };
    case 'ready':
      return { type: 'ready', at: 10 };
    case 'unready':
      return { type: 'unready', reason: 'not ready after 1 s (tcp 127.0.0.1:1)', at: 10 };
    case 'cancel':
      return { type: 'cancel', at: 10 };
    case 'watch':
      return { type: 'watch', watch: { state: 'paused', reason: null }, at: 10 };
    case 'triggered':
      return { type: 'triggered', trigger: 'src/a.ts changed', at: 10 };
    default: {
      const unreachable: never = type;
      throw new Error(`unknown event ${String(unreachable)}`);
    }
  }
}

/**
 * The expected transition table, written out independently of the module: `null` means illegal.
 * Rows are the current status, columns the event.
 */
const EXPECTED: Record<ProcessStatus, Record<ProcessEventType, ProcessStatus | null>> = {
  idle: row({ start: 'starting', wait: 'waiting' }, 'idle'),
  waiting: row({ start: 'starting', wait: 'waiting', 'dependency-failed': 'failed', cancel: 'idle' }, 'waiting'),
  starting: row({ spawned: 'running', 'spawn-failed': 'failed', stop: 'stopping', exit: 'exited' }, 'starting'),
  running: row({ stop: 'stopping', exit: 'exited', ready: 'running', unready: 'running' }, 'running'),
  stopping: row({ exit: 'exited' }, 'stopping'),
  // The pending restart followed a failure (exit 1), so calling it off shows that failure again.
  restarting: row({ start: 'starting', cancel: 'failed' }, 'restarting'),
  exited: row({ start: 'starting', wait: 'waiting' }, 'exited'),
  failed: row({ start: 'starting', wait: 'waiting' }, 'failed'),
};

/** The legal events of one status; `watch` and `triggered` are legal everywhere and keep the status. */
function row(legal: Partial<Record<ProcessEventType, ProcessStatus>>, self?: ProcessStatus): Record<ProcessEventType, ProcessStatus | null> {
  const all = {} as Record<ProcessEventType, ProcessStatus | null>;
  for (const event of PROCESS_EVENT_TYPES) all[event] = legal[event] ?? null;
  if (self !== undefined) all.watch = all.triggered = self;
  return all;
}

const pairs = PROCESS_STATUSES.flatMap((status) => PROCESS_EVENT_TYPES.map((event) => ({ status, event })));

describe('transition table', () => {
  it('covers all 8 statuses × 12 events (96 pairs), matching the expected table exactly', () => {
    // Given the module's enumerations
    // Then they are exactly the statuses and events of the written-out table
    expect([...PROCESS_STATUSES].sort()).toEqual(Object.keys(EXPECTED).sort());
    expect([...PROCESS_EVENT_TYPES].sort()).toEqual(Object.keys(EXPECTED.idle).sort());
    expect(pairs).toHaveLength(96);
  });

  it('builds each status through legal transitions', () => {
    for (const status of PROCESS_STATUSES) expect(stateIn(status).status).toBe(status);
  });

  it.each(pairs)('$event while $status', ({ status, event }) => {
    // Given a process in `status`
    const before = stateIn(status);
    const copy = { ...before };
    const expected = EXPECTED[status][event];
    // When the event arrives
    const act = (): ProcessState => transition(before, eventOf(event));
    if (expected === null) {
      // Then an illegal pair throws an IllegalTransitionError naming the pair
      let thrown: unknown;
      try {
        act();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(IllegalTransitionError);
      const err = thrown as IllegalTransitionError;
      expect(err.from).toBe(status);
      expect(err.event).toBe(event);
      expect(err.id).toBe('web');
      expect(err.message).toBe(`illegal transition for "web": ${event} while ${status}`);
    } else {
      // Then a legal pair gives the expected status in a new object
      const after = act();
      expect(after.status).toBe(expected);
      expect(after).not.toBe(before);
      expect(Object.isFrozen(after)).toBe(true);
    }
    // And the input is unchanged either way
    expect(before).toEqual(copy);
  });
});

describe('immutability', () => {
  it('freezes the initial state and every result; assignment throws in strict mode', () => {
    // Given a fresh state and one derived from it
    const idle = createProcessState(base);
    const starting = transition(idle, { type: 'start', at: 1 });
    // Then both are frozen and refuse writes (ES modules are strict)
    for (const s of [idle, starting]) {
      expect(Object.isFrozen(s)).toBe(true);
      expect(() => {
        (s as { status: ProcessStatus }).status = 'running';
      }).toThrow(TypeError);
      expect(() => {
        (s as { restarts: number }).restarts = 99;
      }).toThrow(TypeError);
    }
    expect(idle.status).toBe('idle');
    expect(starting.status).toBe('starting');
  });

  it('never mutates the input across a whole lifecycle', () => {
    // Given a chain of states
    const chain: ProcessState[] = [createProcessState(base)];
    const events: ProcessEvent[] = [
      { type: 'start', at: 1 },
      { type: 'spawned', pid: 11, at: 2 },
      { type: 'exit', code: 3, signal: null, at: 3 },
      { type: 'start', at: 4, restart: true },
      { type: 'spawned', pid: 12, at: 5 },
      { type: 'stop', at: 6 },
      { type: 'exit', code: null, signal: 'SIGTERM', at: 7 },
    ];
    const snapshots: ProcessState[] = [];
    // When each event is applied to the previous state
    for (const event of events) {
      const prev = chain[chain.length - 1] as ProcessState;
      snapshots.push({ ...prev });
      chain.push(transition(prev, event));
    }
    // Then every earlier state still has exactly the fields it had before
    snapshots.forEach((snap, i) => expect(chain[i]).toEqual(snap));
    expect(chain.map((s) => s.status)).toEqual([
      'idle',
      'starting',
      'running',
      'failed',
      'starting',
      'running',
      'stopping',
      'exited',
    ]);
  });
});

describe('createProcessState', () => {
  it('starts idle with no pid, times, exit data or reason', () => {
    expect(createProcessState(base)).toEqual({
      ...base,
      status: 'idle',
      pid: null,
      startedAt: null,
      endedAt: null,
      exitCode: null,
      signal: null,
      restarts: 0,
      reason: null,
      waitingFor: null,
      readiness: null,
      pendingRestart: null,
      watch: null,
      trigger: null,
      stopped: false,
    });
  });
});

describe('spawned', () => {
  it('records pid and start time', () => {
    // Given a starting process; When it is spawned
    const s = transition(stateIn('starting'), { type: 'spawned', pid: 321, at: 55 });
    // Then it runs with that pid and time
    expect(s).toMatchObject({ status: 'running', pid: 321, startedAt: 55 });
  });
});

describe('exit', () => {
  it('while stopping ends as exited even with a non-zero code', () => {
    // Given a process we asked to stop; When it exits with code 143
    const s = transition(stateIn('stopping'), { type: 'exit', code: 143, signal: null, at: 9 });
    // Then it is exited, not failed, and keeps the code
    expect(s).toMatchObject({ status: 'exited', exitCode: 143, signal: null, reason: null, endedAt: 9 });
  });

  it('while stopping ends as exited even when killed by a signal', () => {
    const s = transition(stateIn('stopping'), { type: 'exit', code: null, signal: 'SIGKILL', at: 9 });
    expect(s).toMatchObject({ status: 'exited', exitCode: null, signal: 'SIGKILL', reason: null });
  });

  it('with code 0 while running is exited with no reason', () => {
    const s = transition(stateIn('running'), { type: 'exit', code: 0, signal: null, at: 8 });
    expect(s).toMatchObject({ status: 'exited', exitCode: 0, signal: null, reason: null, endedAt: 8 });
  });

  it('with a non-zero code while running is failed with "exited with code N"', () => {
    const s = transition(stateIn('running'), { type: 'exit', code: 2, signal: null, at: 8 });
    expect(s).toMatchObject({ status: 'failed', exitCode: 2, reason: 'exited with code 2', endedAt: 8 });
  });

  it('by a signal while running is failed with "killed by SIG…"', () => {
    const s = transition(stateIn('running'), { type: 'exit', code: null, signal: 'SIGSEGV', at: 8 });
    expect(s).toMatchObject({ status: 'failed', exitCode: null, signal: 'SIGSEGV', reason: 'killed by SIGSEGV' });
  });

  it('with code 0 but a signal while running is still a failure', () => {
    const s = transition(stateIn('running'), { type: 'exit', code: 0, signal: 'SIGTERM', at: 8 });
    expect(s).toMatchObject({ status: 'failed', reason: 'killed by SIGTERM' });
  });

  it('with 127 is "command not found" and 126 "not executable"', () => {
    const notFound = transition(stateIn('running'), { type: 'exit', code: 127, signal: null, at: 8 });
    const notExec = transition(stateIn('starting'), { type: 'exit', code: 126, signal: null, at: 8 });
    expect(notFound).toMatchObject({ status: 'failed', reason: 'command not found (exit 127)' });
    expect(notExec).toMatchObject({ status: 'failed', reason: 'command not executable (exit 126)' });
  });

  it('exitReason covers an unknown code', () => {
    expect(exitReason(null, null)).toBe('exited with code unknown');
    expect(exitReason(1, null)).toBe('exited with code 1');
  });
});

describe('start', () => {
  it('with restart:true increments restarts and clears pid, exit data and reason', () => {
    // Given a process that failed after running
    const failed = transition(stateIn('running'), { type: 'exit', code: 1, signal: 'SIGABRT', at: 5 });
    expect(failed).toMatchObject({ pid: 4242, exitCode: 1, reason: 'killed by SIGABRT' });
    // When it is restarted
    const s = transition(failed, { type: 'start', at: 6, restart: true });
    // Then the run data is reset and the restart counted
    expect(s).toEqual({
      ...base,
      status: 'starting',
      pid: null,
      startedAt: null,
      endedAt: null,
      exitCode: null,
      signal: null,
      restarts: 1,
      reason: null,
      waitingFor: null,
      readiness: null,
      pendingRestart: null,
      watch: null,
      trigger: null,
      stopped: false,
    });
    // And restarting again counts again
    const again = transition(transition(s, { type: 'spawn-failed', reason: 'x', at: 7 }), {
      type: 'start',
      at: 8,
      restart: true,
    });
    expect(again.restarts).toBe(2);
  });

  it('without restart keeps the restart count', () => {
    const restarted = transition(stateIn('exited'), { type: 'start', at: 6, restart: true });
    const exited = transition(transition(restarted, { type: 'spawned', pid: 5, at: 7 }), {
      type: 'exit',
      code: 0,
      signal: null,
      at: 8,
    });
    const s = transition(exited, { type: 'start', at: 9 });
    expect(s.restarts).toBe(1);
    expect(s.status).toBe('starting');
  });
});

describe('spawn-failed', () => {
  it('fails with the given reason and end time', () => {
    const s = transition(stateIn('starting'), { type: 'spawn-failed', reason: 'spawn nope ENOENT', at: 12 });
    expect(s).toMatchObject({ status: 'failed', reason: 'spawn nope ENOENT', endedAt: 12, pid: null });
  });
});

describe('isActive', () => {
  it('is true exactly for starting, running and stopping', () => {
    const active = PROCESS_STATUSES.filter((s) => isActive(s));
    expect(active).toEqual(['starting', 'running', 'stopping']);
  });
});

describe('orchestration events', () => {
  it('spawned without a probe is ready at once; with one it is checking until `ready` says how long it took', () => {
    const plain = transition(stateIn('starting'), { type: 'spawned', pid: 1, at: 100 });
    expect(plain.readiness).toEqual({ state: 'ready', via: null, tookMs: 0, at: 100 });
    const probed = transition(stateIn('starting'), { type: 'spawned', pid: 1, at: 100, probe: 'tcp 127.0.0.1:5432' });
    expect(probed.readiness).toEqual({ state: 'checking', via: 'tcp 127.0.0.1:5432' });
    const ready = transition(probed, { type: 'ready', at: 1620 });
    expect(ready.readiness).toEqual({ state: 'ready', via: 'tcp 127.0.0.1:5432', tookMs: 1520, at: 1620 });
    const unready = transition(probed, { type: 'unready', reason: 'not ready after 60 s (tcp 127.0.0.1:5432)', at: 60100 });
    expect(unready).toMatchObject({ status: 'running', readiness: { state: 'unready', reason: 'not ready after 60 s (tcp 127.0.0.1:5432)' } });
  });

  it('an unrequested exit with a restart pending is `restarting` until its time, and keeps why it ended', () => {
    const s = transition(stateIn('running'), { type: 'exit', code: 1, signal: null, at: 1000, restart: { delayMs: 500, attempt: 2, max: 10 } });
    expect(s).toMatchObject({ status: 'restarting', reason: 'exited with code 1', pendingRestart: { at: 1500, delayMs: 500, attempt: 2, max: 10 } });
    const again = transition(s, { type: 'start', at: 1500, restart: true });
    expect(again).toMatchObject({ status: 'starting', pendingRestart: null, restarts: 1, reason: null });
  });

  it('a requested stop never schedules a restart, whatever the event carries', () => {
    const stopping = stateIn('stopping');
    const s = transition(stopping, { type: 'exit', code: 143, signal: null, at: 9, restart: { delayMs: 1, attempt: 1, max: null } });
    expect(s).toMatchObject({ status: 'exited', pendingRestart: null });
  });

  it('giving up is a failure with the policy\'s reason', () => {
    const s = transition(stateIn('running'), { type: 'exit', code: 1, signal: null, at: 9, gaveUp: 'crash loop: gave up after 10 restarts in 41 s' });
    expect(s).toMatchObject({ status: 'failed', exitCode: 1, reason: 'crash loop: gave up after 10 restarts in 41 s' });
  });

  it('waiting names what it waits for; a dependency that cannot hold fails it; cancel makes it idle again', () => {
    const waiting = stateIn('waiting');
    expect(waiting.waitingFor).toBe('db: ready');
    expect(transition(waiting, { type: 'dependency-failed', reason: 'db failed: exited with code 1', at: 5 })).toMatchObject({
      status: 'failed',
      reason: 'db failed: exited with code 1',
      waitingFor: null,
    });
    expect(transition(waiting, { type: 'cancel', at: 5 })).toMatchObject({ status: 'idle', waitingFor: null });
  });

  it('calling off a restart after a clean exit (restart: always) shows `exited`', () => {
    const s = transition(stateIn('running'), { type: 'exit', code: 0, signal: null, at: 1, restart: { delayMs: 5, attempt: 1, max: null } });
    expect(transition(s, { type: 'cancel', at: 2 })).toMatchObject({ status: 'exited', exitCode: 0, pendingRestart: null });
  });
});
