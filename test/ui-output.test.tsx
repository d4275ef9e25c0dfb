import { describe, expect, it, vi } from 'vitest';
import { demoWorlds } from './helpers/ui-world';
import { renderApp } from './helpers/ui-render';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '0';
});

const world = demoWorlds();

describe('child output on screen', () => {
  it('with colour on, keeps the child SGR colours but never a screen clear or cursor move', async () => {
    // Given colour on / When the merged log shows every line, including one with \e[2J \e[H \e[1A in it
    const app = renderApp(world(), { color: true });
    await app.waitFor('── web ·');
    expect(app.rawFrame()).toContain('\x1b[32mVITE v5.4.2');
    app.press('a');
    const frame = await app.waitFor('[api] GET /api/users 200 12ms');
    // Then the colours are there and the terminal-control escapes are not
    expect(frame).toContain('api    │ [api] GET /api/users 200 12ms');
    expect(app.rawFrame()).toContain('\x1b[36mhttp://localhost:5173/');
    expect(app.rawFrame()).not.toMatch(/\x1b\[(2J|H|1A)/);
  });

  it('with colour off, no SGR from children reaches the screen', async () => {
    const app = renderApp(world(), { color: false });
    await app.waitFor('VITE v5.4.2');
    expect(app.rawFrame()).not.toContain('\x1b[32m');
    expect(app.rawFrame()).not.toContain('\x1b[1m');
  });

  it('cuts long lines at the pane edge with an ellipsis, one row each', async () => {
    const app = renderApp(world(), { columns: 60 });
    const frame = await app.waitFor('GET /assets/');
    const line = frame.split('\n').find((l) => l.startsWith('GET /assets/'));
    expect(line).toHaveLength(60);
    expect(line?.endsWith('…')).toBe(true);
  });
});
