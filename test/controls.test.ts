// The command layer (src/runtime/controls.ts): what every front end calls. Clearing a log goes through it and the
// store hears of it, so a reader of the snapshot (the TUI, later the API) sees the cleared counters.
import { afterEach, describe, expect, it } from 'vitest';
import { createBrum, type Brum } from '../src/runtime/brum';
import type { ProcessDef } from '../src/runtime/types';

const brums: Brum[] = [];
afterEach(async () => {
  for (const b of brums.splice(0)) await b.close();
});

function def(id: string): ProcessDef {
  return { id, name: id, command: `node ${id}.js`, cwd: process.cwd(), launch: { kind: 'file', file: 'node', args: [`${id}.js`] } };
}

function brumWithLines(): Brum {
  const brum = createBrum({ defs: [def('web'), def('api')] });
  brums.push(brum);
  for (let i = 0; i < 3; i++) brum.logs.append('web', 'stdout', `web ${i}`);
  for (let i = 0; i < 2; i++) brum.logs.append('api', 'stdout', `api ${i}`);
  return brum;
}

describe('Controls.clearLogs', () => {
  it("clears one process's log, and the store snapshot shows its cleared counters", () => {
    // Given web with 3 lines and api with 2
    const brum = brumWithLines();
    const before = brum.store.getState();
    // When web's log is cleared through the command layer
    brum.controls.clearLogs('web');
    // Then the snapshot has a new object for web only, saying 3 lines were cleared, and the LogStore agrees
    const after = brum.store.getState();
    expect(after.logs.web).toEqual({ lines: 3, bytes: 18, dropped: 0, cleared: 3 });
    expect(after.logs.api).toBe(before.logs.api);
    expect(brum.logs.size('web')).toBe(0);
    expect(brum.logs.size('api')).toBe(2);
  });

  it('clears every log with null', () => {
    const brum = brumWithLines();
    brum.controls.clearLogs(null);
    const logs = brum.store.getState().logs;
    expect([logs.web?.cleared, logs.api?.cleared]).toEqual([3, 2]);
    expect(brum.logs.size(null)).toBe(0);
  });
});
