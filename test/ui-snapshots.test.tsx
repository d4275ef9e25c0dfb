import { describe, expect, it, vi } from 'vitest';
import { fakeControls, KEYS } from './helpers/ui-fixtures';
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

describe('TUI snapshots (100 columns, pinned clock)', () => {
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
    const app = renderApp(world(), { rows: 34 });
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
