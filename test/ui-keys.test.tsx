import { describe, expect, it, vi } from 'vitest';
import { bindingsOf, KEYMAP } from '../components/keymap';
import type { Brum } from '../src/runtime/brum';
import { appendLines, fakeControls, KEYS } from './helpers/ui-fixtures';
import { demoWorlds } from './helpers/ui-world';
import { renderApp, selectedRow, WAIT } from './helpers/ui-render';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '0';
});

const world = demoWorlds();

async function started(brum: Brum, opts: Parameters<typeof renderApp>[1] = {}) {
  const app = renderApp(brum, { rows: 24, ...opts });
  await app.waitFor('── web ·');
  return app;
}

/** Waits until the list marks `name` as selected. */
async function selected(app: Awaited<ReturnType<typeof started>>, name: string): Promise<void> {
  await vi.waitFor(() => expect(selectedRow(app.frame())).toBe(name), WAIT);
}

describe('selecting with the keyboard', () => {
  it('j/k and ↓/↑ move the selection; g/G and Home/End jump to the ends', async () => {
    // Given the first process selected
    const app = await started(world());
    await selected(app, 'web');
    // When moving with each key, Then the marked row follows
    app.press('j');
    await selected(app, 'api');
    app.press(KEYS.down);
    await selected(app, 'worker');
    app.press('k');
    await selected(app, 'api');
    app.press(KEYS.up);
    await selected(app, 'web');
    app.press('G');
    await selected(app, 'docs');
    app.press('g');
    await selected(app, 'web');
    app.press(KEYS.end);
    await selected(app, 'docs');
    app.press(KEYS.home);
    await selected(app, 'web');
  });

  it('shows the selected process log', async () => {
    const app = await started(world());
    app.press('j');
    await app.waitFor('── api ·');
    expect(app.frame()).toContain('[api] warn: slow query 812ms');
    expect(app.frame()).not.toContain('VITE');
  });
});

describe('process keys call the controls', () => {
  it('Enter and s on an idle process start it', async () => {
    const controls = fakeControls();
    const app = await started(world(), { controls });
    app.press('G');
    await selected(app, 'docs');
    app.press(KEYS.enter);
    await vi.waitFor(() => expect(controls.start).toHaveBeenCalledWith('docs'), WAIT);
    app.press('s');
    await vi.waitFor(() => expect(controls.start).toHaveBeenCalledTimes(2), WAIT);
    await app.waitFor('starting docs');
  });

  it('x stops, r restarts the selected process, R restarts all running', async () => {
    const controls = fakeControls();
    const app = await started(world(), { controls });
    app.press('x');
    await vi.waitFor(() => expect(controls.stop).toHaveBeenCalledWith('web'), WAIT);
    app.press('r');
    await vi.waitFor(() => expect(controls.restart).toHaveBeenCalledWith('web'), WAIT);
    app.press('R');
    await vi.waitFor(() => expect(controls.restartAll).toHaveBeenCalledTimes(1), WAIT);
    await app.waitFor('restarting 2 processes');
  });
});

describe('search', () => {
  it('/ opens the line, typing shows, Enter applies and highlights matches', async () => {
    const app = await started(world());
    app.press('/');
    await app.waitFor('Enter apply');
    app.press('G', 'E', 'T');
    await app.waitFor('/GET▏');
    app.press(KEYS.enter);
    const frame = await app.waitFor('⟦GET⟧ /   200');
    expect(frame).toContain('⟦GET⟧ /assets/');
    expect(frame).toContain('"GET" 2 matches');
    expect(frame).not.toContain('Enter apply');
  });

  it('n/N move between matches, scroll them into view and stop following', async () => {
    // Given a long log with two far-apart matches
    const brum = world();
    appendLines(brum, 'web', 200, (i) => (i === 20 || i === 120 ? `needle ${i}` : `hay ${i}`));
    const app = await started(brum);
    await app.waitFor('hay 200');
    app.press('/', 'needle', KEYS.enter);
    await app.waitFor('2 matches');
    // When N (up, older) from the bottom
    app.press('N');
    // Then the newer match is shown and counted, and following is off
    let frame = await app.waitFor('⟦needle⟧ 120');
    expect(frame).toContain('"needle" 2/2');
    expect(frame).toContain('following off');
    app.press('N');
    frame = await app.waitFor('⟦needle⟧ 20');
    expect(frame).toContain('"needle" 1/2');
    app.press('n');
    await app.waitFor('"needle" 2/2');
  });

  it('an invalid regex shows its error and keeps the line open', async () => {
    const app = await started(world());
    app.press('/', '(', KEYS.tab);
    await app.waitFor('[regex]');
    app.press(KEYS.enter);
    const frame = await app.waitFor('invalid regex');
    expect(frame).toContain('/(▏');
  });

  it('Ctrl-R toggles regex too, backspace edits, Esc closes, Esc again clears', async () => {
    const app = await started(world());
    app.press('/', 'VITX', KEYS.backspace, 'E', KEYS.ctrlR);
    await app.waitFor('/VITE▏ [regex]');
    app.press(KEYS.enter);
    await app.waitFor('⟦VITE⟧');
    app.press(KEYS.esc);
    await vi.waitFor(() => expect(app.frame()).not.toContain('⟦VITE⟧'), WAIT);
  });
});

describe('help and views', () => {
  it('? shows every keymap entry, Esc closes it', async () => {
    const app = await started(world(), { rows: 37 });
    app.press('?');
    const frame = await app.waitFor('keys · ? or Esc to close');
    for (const binding of KEYMAP) expect(frame, binding.command).toContain(binding.description);
    app.press(KEYS.esc);
    await app.waitFor('── web ·');
  });

  it('keeps every entry reachable in a small terminal by flowing into columns', async () => {
    const app = await started(world(), { rows: 16, columns: 160 });
    app.press('?');
    const frame = await app.waitFor('keys ·');
    for (const binding of bindingsOf('main')) expect(frame).toContain(binding.description.slice(0, 20));
  });

  it('e and u open their views, Esc goes back, Tab cycles focus and views', async () => {
    const app = await started(world());
    app.press('e');
    await app.waitFor('errors (1)');
    app.press(KEYS.esc);
    await app.waitFor('── web ·');
    app.press('u');
    await app.waitFor('URLs (2)');
    app.press('u');
    await app.waitFor('── web ·');
    app.press(KEYS.tab);
    await app.waitFor('── ▸ web ·');
    app.press(KEYS.tab);
    await app.waitFor('errors (1)');
    app.press(KEYS.tab);
    await app.waitFor('URLs (2)');
    app.press(KEYS.tab);
    await app.waitFor('── web ·');
    app.press(KEYS.shiftTab);
    await app.waitFor('URLs (2)');
  });

  it('Enter on an error jumps to its line in the log', async () => {
    const brum = world();
    appendLines(brum, 'worker', 100);
    const app = await started(brum);
    app.press('e');
    await app.waitFor('errors (1)');
    app.press(KEYS.enter);
    const frame = await app.waitFor('── ▸ worker ·');
    // The error's first line is marked, and only that line.
    expect(frame).toContain("▶ TypeError: Cannot read properties of undefined (reading 'id')");
    expect(frame.split('▶').length - 1).toBe(1);
    expect(frame).toContain('following off');
    expect(selectedRow(frame)).toBe('worker');
    // Following again lets the mark go.
    app.press('f');
    const after = await app.waitFor('following ──');
    expect(after).not.toContain('▶');
  });

  it('a toggles the merged log', async () => {
    const app = await started(world());
    app.press('a');
    await app.waitFor('worker │ [sync] connecting to queue...');
    app.press('a');
    await app.waitFor('── web ·');
  });
});

describe('follow and scroll', () => {
  it('PgUp stops following and keeps the same lines while output arrives; f follows again', async () => {
    const brum = world();
    appendLines(brum, 'web', 100);
    const app = await started(brum);
    await app.waitFor('web line 100');
    // When paging up
    app.press(KEYS.pageUp);
    let frame = await app.waitFor('following off — 0 new lines');
    const top = frame.split('\n')[6];
    expect(frame).not.toContain('web line 100');
    // And 5 lines arrive
    appendLines(brum, 'web', 5);
    frame = await app.waitFor('following off — 5 new lines');
    // Then the same lines are still on screen
    expect(frame.split('\n')[6]).toBe(top);
    expect(frame).toContain('paused');
    // When f
    app.press('f');
    await app.waitFor('web line 105');
  });

  it('Ctrl-U / Ctrl-D page up and down; reaching the bottom follows again', async () => {
    const brum = world();
    appendLines(brum, 'web', 100);
    const app = await started(brum);
    await app.waitFor('web line 100');
    app.press(KEYS.ctrlU);
    await app.waitFor('following off');
    app.press(KEYS.ctrlD);
    await app.waitFor('· following ─');
    app.press(KEYS.pageUp);
    await app.waitFor('following off');
    app.press(KEYS.pageDown);
    await app.waitFor('· following ─');
  });

  it('c clears the selected log', async () => {
    const app = await started(world());
    app.press('c');
    await app.waitFor('cleared the log of web');
    expect(app.frame()).not.toContain('VITE');
  });
});

describe('quit', () => {
  it('q stops everything with a visible line; a second Ctrl-C forces', async () => {
    const controls = fakeControls({ stopAllHangs: true });
    const app = await started(world(), { controls });
    app.press('q');
    await app.waitFor('stopping 2 processes…');
    expect(controls.stopAll).toHaveBeenCalledTimes(1);
    expect(app.onExit).not.toHaveBeenCalled();
    // Keys other than force are ignored while quitting
    app.press('j');
    app.press(KEYS.ctrlC);
    await vi.waitFor(() => expect(controls.killAllNow).toHaveBeenCalledTimes(1), WAIT);
    expect(app.onExit).toHaveBeenCalledWith(130);
    expect(selectedRow(app.frame())).toBe('web');
  });

  it('x while quitting forces too; a normal quit exits 0 once stopped', async () => {
    const controls = fakeControls();
    const app = await started(world(), { controls });
    app.press(KEYS.ctrlC);
    await vi.waitFor(() => expect(app.onExit).toHaveBeenCalledWith(0), WAIT);
    expect(controls.killAllNow).not.toHaveBeenCalled();
  });
});

describe('terminal size', () => {
  it('stays one row shorter than the terminal and follows resizes', async () => {
    const app = await started(world(), { rows: 30, columns: 100 });
    await vi.waitFor(() => expect(app.frame().split('\n')).toHaveLength(29), WAIT);
    app.resize(20, 60);
    await vi.waitFor(() => expect(app.frame().split('\n')).toHaveLength(19), WAIT);
    for (const line of app.frame().split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('keeps the log at least 5 rows however many processes there are, scrolling the list', async () => {
    const brum = world();
    const app = await started(brum, { rows: 12 });
    const frame = app.frame();
    const logRows = frame.split('\n').length - frame.split('\n').findIndex((l) => l.startsWith('── web')) - 2;
    expect(logRows).toBeGreaterThanOrEqual(5);
    expect(frame).toMatch(/\(1–\d of 4\)/);
  });
});
