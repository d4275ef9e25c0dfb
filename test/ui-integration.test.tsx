import stripAnsi from 'strip-ansi';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runTui } from '../components/run-tui';
import { createBrum, type Brum } from '../src/runtime/brum';
import type { ProcessDef } from '../src/runtime/types';
import { FIXTURE } from './helpers/brum';
import { FakeStdin, FakeStdout } from './helpers/fake-tty';
import { isAlive } from './helpers/proc-tree';
import { KEYS } from './helpers/ui-fixtures';
import { renderApp, selectedRow, unmountAll, WAIT } from './helpers/ui-render';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '0';
  // This file calls runTui directly, past the CLI's loader that hides CI from Ink (which then draws nothing
  // until exit), so it hides CI itself before Ink loads.
  delete process.env.CI;
  delete process.env.CONTINUOUS_INTEGRATION;
});

/** A short `node -e` process in the fixture project that prints once and stays up until stopped. */
function nodeDef(id: string, message: string): ProcessDef {
  const script = `console.log(${JSON.stringify(message)}); setInterval(() => {}, 1000);`;
  return { id, name: id, command: `node -e …`, cwd: FIXTURE, launch: { kind: 'file', file: process.execPath, args: ['-e', script] } };
}

const brums: Brum[] = [];
afterEach(async () => {
  unmountAll();
  for (const b of brums.splice(0)) {
    b.supervisor.killAllNow();
    await b.supervisor.settled();
    await b.close();
  }
});

function realBrum(defs: ProcessDef[]): Brum {
  const brum = createBrum({ defs, killTimeoutMs: 2000 });
  brums.push(brum);
  return brum;
}

const waitLong = { timeout: 15_000, interval: 25 };

describe('the App with a real supervisor', () => {
  it('Enter starts an idle process, its output shows, and q stops it for good', async () => {
    // Given a TUI over a real brum with one idle process
    const brum = realBrum([nodeDef('idle-one', 'unused'), nodeDef('hello', 'hello from a real child')]);
    const app = renderApp(brum, { controls: brum.controls });
    await app.waitFor('idle-one is not running');
    // When selecting it and pressing Enter
    app.press('j');
    await vi.waitFor(() => expect(selectedRow(app.frame())).toBe('hello'), WAIT);
    app.press(KEYS.enter);
    // Then its output appears in the log pane and the row shows it running with a pid
    await vi.waitFor(() => expect(app.frame()).toContain('hello from a real child'), waitLong);
    const pid = brum.store.getState().processes.hello?.pid;
    expect(pid).toBeTypeOf('number');
    await vi.waitFor(() => expect(app.frame()).toMatch(new RegExp(`● hello\\s+${pid}`)), WAIT);
    // When quitting
    app.press('q');
    // Then the TUI reports a clean exit and the process is gone
    await vi.waitFor(() => expect(app.onExit).toHaveBeenCalledWith(0), waitLong);
    await brum.supervisor.settled();
    expect(isAlive(pid as number)).toBe(false);
  });
});

describe('runTui', () => {
  it('starts the given processes, resolves 0 on q, restores the terminal and leaves nothing running', async () => {
    // Given a fake TTY and one process to start
    const brum = realBrum([nodeDef('hello', 'hello via runTui')]);
    const stdout = new FakeStdout();
    const stdin = new FakeStdin();
    const done = runTui({ brum, title: 'fixture', startIds: ['hello'], stdout: stdout.asStream(), stdin: stdin.asStream(), color: false, handleSignals: false });
    // When its output is on screen
    await vi.waitFor(() => expect(stripAnsi(stdout.output())).toContain('hello via runTui'), waitLong);
    const pid = brum.store.getState().processes.hello?.pid as number;
    expect(isAlive(pid)).toBe(true);
    expect(stdin.rawMode).toBe(true);
    // And the user quits
    stdin.type('q');
    // Then it resolves 0, the process is gone, and the terminal is back: cursor shown, alternate screen left
    await expect(done).resolves.toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(stdout.output().startsWith('\x1b[?1049h')).toBe(true);
    expect(stdout.output().endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
    expect(stdin.rawMode).toBe(false);
  });

  it('on a rendering failure still restores the terminal and stops every process', async () => {
    // Given a process already running, and an input that cannot go raw (Ink throws when it tries)
    const brum = realBrum([nodeDef('survivor', 'still here')]);
    await brum.supervisor.start('survivor');
    const pid = brum.store.getState().processes.survivor?.pid as number;
    expect(isAlive(pid)).toBe(true);
    const stdout = new FakeStdout();
    // When the TUI runs
    const done = runTui({ brum, title: 'x', startIds: [], stdout: stdout.asStream(), stdin: new FakeStdin(false).asStream(), color: false, handleSignals: false });
    // Then it rejects with the error, yet the terminal is restored and the process is gone
    await expect(done).rejects.toThrow(/Raw mode is not supported/);
    expect(stdout.output().endsWith('\x1b[?25h\x1b[?1049l')).toBe(true);
    expect(isAlive(pid)).toBe(false);
  });
});
