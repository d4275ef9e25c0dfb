import { afterEach, describe, expect, it } from 'vitest';
import type { CommandEnv } from '../components/command-env';
import { runCommand } from '../components/commands';
import type { Command } from '../components/keymap';
import { INITIAL_UI, uiReducer, type UiAction, type UiState } from '../components/ui-state/ui-reducer';
import type { Brum } from '../src/runtime/brum';
import { appendLines, demoBrum, fakeControls, type FakeControls } from './helpers/ui-fixtures';

interface Harness {
  env(): CommandEnv;
  run(command: Command): void;
  ui(): UiState;
  actions: UiAction[];
  controls: FakeControls;
  exits: number[];
  brum: Brum;
}

const brums: Brum[] = [];
afterEach(async () => {
  for (const b of brums.splice(0)) await b.close();
});

/** Commands against a real store and LogStore, fake process controls, and the UI reducer folded by hand. */
function harness(start: UiState = INITIAL_UI, makeControls = (b: Brum) => fakeControls({ brum: b })): Harness {
  const brum = demoBrum();
  const controls = makeControls(brum);
  brums.push(brum);
  let ui = start;
  const actions: UiAction[] = [];
  const exits: number[] = [];
  const env = (): CommandEnv => ({
    ui,
    state: brum.store.getState(),
    logs: brum.logs,
    controls,
    dispatch: (a) => {
      actions.push(a);
      ui = uiReducer(ui, a);
    },
    logRows: 10,
    visible: { view: ui.view.merged ? null : (ui.selection.id ?? 'web'), topSeq: null, bottomSeq: null, offset: 0 },
    exit: (code) => exits.push(code),
  });
  return { env, run: (c) => runCommand(c, env()), ui: () => ui, actions, controls, exits, brum };
}

describe('process commands go through the command layer (Controls)', () => {
  it('start (s / Enter) starts the selected idle process', () => {
    // Given docs (idle) selected
    const h = harness(uiReducer(INITIAL_UI, { type: 'select/id', id: 'docs' }));
    // When s, then Enter
    h.run('start');
    h.run('activate');
    // Then controls.start was called with docs both times
    expect(h.controls.start.mock.calls).toEqual([['docs'], ['docs']]);
  });

  it('Enter on a running process focuses its log instead of starting it', () => {
    const h = harness();
    h.run('activate');
    expect(h.controls.start).not.toHaveBeenCalled();
    expect(h.ui().view.focus).toBe('log');
  });

  it('start on a running process says so and does not call start', () => {
    const h = harness();
    h.run('start');
    expect(h.controls.start).not.toHaveBeenCalled();
    expect(h.ui().session.toast?.text).toBe('web is already running');
  });

  it('stop (x) stops the selected running process; on a stopped one it only explains', () => {
    const h = harness();
    h.run('stop');
    expect(h.controls.stop).toHaveBeenCalledWith('web');
    h.run('select-last');
    h.run('stop');
    expect(h.controls.stop).toHaveBeenCalledTimes(1);
    expect(h.ui().session.toast?.text).toBe('docs is not running');
  });

  it('restart (r) and restart-all (R)', () => {
    const h = harness();
    h.run('restart');
    h.run('restart-all');
    expect(h.controls.restart).toHaveBeenCalledWith('web');
    expect(h.controls.restartAll).toHaveBeenCalledTimes(1);
    expect(h.ui().session.toast?.text).toBe('restarting 2 processes');
  });

  it('a failing control call becomes a note, not a crash', async () => {
    const controls = fakeControls();
    controls.restart.mockRejectedValue(new Error('boom'));
    const h = harness(INITIAL_UI, () => controls);
    h.run('restart');
    await expect.poll(() => h.ui().session.toast?.text).toBe('could not restart web: boom');
  });

  it('quit stops everything, then exits 0', async () => {
    const h = harness();
    h.run('quit');
    expect(h.ui().session.quitting).toBe(true);
    expect(h.controls.stopAll).toHaveBeenCalledTimes(1);
    await expect.poll(() => h.exits).toEqual([0]);
  });

  it('force-quit kills at once and exits 130', () => {
    const h = harness();
    h.run('force-quit');
    expect(h.controls.killAllNow).toHaveBeenCalledTimes(1);
    expect(h.exits).toEqual([130]);
  });
});

describe('navigation commands', () => {
  it('j/k move the selection in the list, the error cursor in the errors view, and scroll a focused log', () => {
    const h = harness();
    h.run('select-next');
    expect(h.ui().selection.id).toBe('api');
    h.run('errors-view');
    h.run('select-next');
    expect(h.ui().view.errorIndex).toBe(0); // one error only: clamped
    h.run('back');
    h.run('activate'); // api is running: focus its log
    appendLines(h.brum, 'api', 50);
    h.run('select-prev'); // up = one line older
    expect(h.ui().scroll).toMatchObject({ follow: false, offset: 1 });
    h.run('select-last');
    expect(h.ui().scroll.follow).toBe(true);
  });

  it('page-up / page-down scroll by a page', () => {
    const h = harness();
    appendLines(h.brum, 'web', 100);
    h.run('page-up');
    expect(h.ui().scroll.offset).toBe(9);
    h.run('page-down');
    expect(h.ui().scroll.follow).toBe(true);
  });

  it('clear-log empties the selected process log only, through the command layer', () => {
    const h = harness();
    h.run('clear-log');
    expect(h.controls.clearLogs.mock.calls).toEqual([['web']]);
    expect(h.brum.logs.size('web')).toBe(0);
    expect(h.brum.logs.size('api')).toBeGreaterThan(0);
  });

  it('Enter on an error jumps to its line in that process log', () => {
    const h = harness();
    appendLines(h.brum, 'worker', 40);
    h.run('errors-view');
    h.run('activate');
    const ui = h.ui();
    expect(ui.selection.id).toBe('worker');
    expect(ui.view).toMatchObject({ view: 'logs', focus: 'log' });
    // the error line has 41 newer lines; centred in 10 rows: offset 41 - 5
    expect(ui.scroll).toMatchObject({ follow: false, offset: 36 });
  });
});

describe('search commands', () => {
  it('applying an invalid regex keeps the line open with the error', () => {
    const h = harness();
    h.run('search');
    h.env().dispatch({ type: 'search/type', text: '(' });
    h.run('search-toggle-regex');
    h.run('search-apply');
    expect(h.ui().search).toMatchObject({ editing: true, applied: null });
    expect(h.ui().search.error).toMatch(/^invalid regex/);
  });

  it('applying counts the matches; n and N walk them with wrap-around', () => {
    const h = harness();
    appendLines(h.brum, 'web', 30, (i) => (i % 10 === 0 ? `match ${i}` : `line ${i}`));
    h.run('search');
    h.env().dispatch({ type: 'search/type', text: 'match' });
    h.run('search-apply');
    expect(h.ui().search.matches).toEqual({ count: 3, truncated: false });
    h.run('prev-match');
    expect(h.ui().search.current).toMatchObject({ index: 2, count: 3 });
    h.run('prev-match');
    expect(h.ui().search.current?.index).toBe(1);
    h.run('next-match');
    expect(h.ui().search.current?.index).toBe(2);
    h.run('next-match');
    expect(h.ui().search.current?.index).toBe(0);
    expect(h.ui().session.toast?.text).toBe('search wrapped to the top');
    expect(h.ui().scroll.follow).toBe(false);
  });

  it('n without a search explains how to start one', () => {
    const h = harness();
    h.run('next-match');
    expect(h.ui().session.toast?.text).toMatch(/press \//);
  });
});
