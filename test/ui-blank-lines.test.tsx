import { describe, expect, it, vi } from 'vitest';
import { appendLines } from './helpers/ui-fixtures';
import { renderApp } from './helpers/ui-render';
import { demoWorlds } from './helpers/ui-world';

vi.hoisted(() => {
  process.env.FORCE_COLOR = '0';
});

const world = demoWorlds();

describe('log pane', () => {
  it('keeps blank lines as blank rows, so a stack trace keeps its shape', async () => {
    // Given web printed a line, two blank lines, then another line
    const brum = world();
    const lines = ['before the gap', '', '', 'after the gap'];
    appendLines(brum, 'web', lines.length, (i) => lines[(i - 1) % lines.length] ?? '');

    // When the log pane shows it
    const app = renderApp(brum, { rows: 30 });
    const frame = await app.waitFor('after the gap');

    // Then the two blank lines are two empty rows between them
    const rows = frame.split('\n').map((r) => r.trimEnd());
    const at = rows.findIndex((r) => r === 'before the gap');
    expect(at).toBeGreaterThan(-1);
    expect(rows.slice(at, at + 4)).toEqual(['before the gap', '', '', 'after the gap']);
  });
});
