import { afterEach, describe, expect, it, vi } from 'vitest';
import { createBrum, type Brum } from '../src/runtime/brum';
import { dispatch } from '../src/state/store';
import { def, fakeControls, KEYS, NOW, T0 } from './helpers/ui-fixtures';
import { demoWorlds } from './helpers/ui-world';
import { renderApp } from './helpers/ui-render';

// Pinned before Ink (and its chalk) load: no styling from Ink itself, so frames are the same on every machine.
vi.hoisted(() => {
  process.env.FORCE_COLOR = '0';
});

const world = demoWorlds();

/**
 * Masks what a real run would vary, pids and uptimes, keeping every column where it was (both are pinned here
 * anyway, by fixed pids and the injected clock).
 */
function masked(frame: string): string {
  const same = (text: string, mask: string): string => mask.repeat(text.length);
  return frame.replace(
    /^([›\s]\S\s+\S+\s+)(\d+)(\s+)(<1m|\d+[smhd](?:\d+[smh])?)/gm,
    (_m, head: string, pid: string, gap: string, up: string) => `${head}${same(pid, '#')}${gap}${same(up, '~')}`,
  );
}

/** A project mid-orchestration: each row in one of the states the list must explain. */
function orchestrationWorld(made: Brum[]): Brum {
  const brum = createBrum({ defs: ['db', 'cache', 'migrate', 'api', 'flaky', 'worker'].map(def) });
  made.push(brum);
  const { store } = brum;
  dispatch(store, 'db', { type: 'start', at: T0 });
  dispatch(store, 'db', { type: 'spawned', pid: 5001, at: T0, probe: 'tcp 127.0.0.1:5432' });
  dispatch(store, 'db', { type: 'ready', at: T0 + 1520 });
  dispatch(store, 'cache', { type: 'start', at: T0 });
  dispatch(store, 'cache', { type: 'spawned', pid: 5002, at: T0, probe: 'http http://127.0.0.1:6380/health' });
  dispatch(store, 'migrate', { type: 'start', at: T0 + 1600 });
  dispatch(store, 'migrate', { type: 'spawned', pid: 5003, at: T0 + 1600 });
  dispatch(store, 'api', { type: 'wait', on: 'migrate: succeeded', at: T0 + 1600 });
  dispatch(store, 'flaky', { type: 'start', at: T0 });
  dispatch(store, 'flaky', { type: 'spawned', pid: 5004, at: T0 });
  // Restart 3 of 10, due 1.6 s after the frame's clock.
  dispatch(store, 'flaky', { type: 'exit', code: 1, signal: null, at: NOW - 2400, restart: { delayMs: 4000, attempt: 3, max: 10 } });
  dispatch(store, 'worker', { type: 'start', at: T0 });
  dispatch(store, 'worker', { type: 'spawned', pid: 5005, at: T0 });
  dispatch(store, 'worker', { type: 'exit', code: 1, signal: null, at: T0 + 41_000, gaveUp: 'crash loop: gave up after 10 restarts in 41 s' });
  return brum;
}

const orchestration: Brum[] = [];
afterEach(async () => {
  for (const b of orchestration.splice(0)) await b.close();
});

describe('TUI snapshots (100 columns, pinned clock)', () => {
  it('process rows: ready (with the time it took), checking, waiting, restart countdown, gave up', async () => {
    const app = renderApp(orchestrationWorld(orchestration), { rows: 24 });
    const frame = masked(await app.waitFor('gave up'));
    expect(frame).toContain('ready in 1.5 s');
    expect(frame).toContain('checking http http://127.0.0.1:6380/health…');
    expect(frame).toContain('waiting for migrate: succeeded');
    expect(frame).toContain('↻ 3/10 in 1.6 s · exited with code 1');
    expect(frame).toContain('crash loop: gave up after 10 restarts in 41 s');
    expect(frame.split('\n').slice(0, 8).join('\n')).toMatchSnapshot();
  });

  it('logs of the selected process', async () => {
    const app = renderApp(world(), { rows: 24 });
    const frame = await app.waitFor('VITE v5.4.2');
    expect(frame.split('\n')).toHaveLength(23);
    expect(masked(frame)).toMatchSnapshot();
  });

  it('merged logs with name prefixes', async () => {
    const app = renderApp(world(), { rows: 24 });
    await app.waitFor('VITE');
    app.press('a');
    expect(masked(await app.waitFor('all processes'))).toMatchSnapshot();
  });

  it('errors view with the selected error context', async () => {
    const app = renderApp(world(), { rows: 24 });
    await app.waitFor('VITE');
    app.press('e');
    expect(masked(await app.waitFor('errors (1)'))).toMatchSnapshot();
  });

  it('URLs view', async () => {
    const app = renderApp(world(), { rows: 24 });
    await app.waitFor('VITE');
    app.press('u');
    expect(masked(await app.waitFor('URLs (2)'))).toMatchSnapshot();
  });

  it('help overlay', async () => {
    const app = renderApp(world(), { rows: 37 });
    await app.waitFor('VITE');
    app.press('?');
    expect(masked(await app.waitFor('keys · ? or Esc to close'))).toMatchSnapshot();
  });

  it('search line, then highlighted matches', async () => {
    const app = renderApp(world(), { rows: 24 });
    await app.waitFor('VITE');
    app.press('a');
    await app.waitFor('all processes');
    app.press('/', 'api');
    expect(masked(await app.waitFor('/api▏'))).toMatchSnapshot('typing');
    app.press(KEYS.enter);
    expect(masked(await app.waitFor('⟦api⟧'))).toMatchSnapshot('applied');
  });

  it('quitting line while processes stop', async () => {
    const app = renderApp(world(), { rows: 24, controls: fakeControls({ stopAllHangs: true }) });
    await app.waitFor('VITE');
    app.press('q');
    expect(masked(await app.waitFor('stopping 2 processes…'))).toMatchSnapshot();
  });
});
