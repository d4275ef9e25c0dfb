// The watching code (root-watch.ts, with chokidar) loads on first use: a load that fails must reach onError as one
// line and settle `ready`, like any other watcher trouble, and never become an unhandled rejection.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { watchFiles } from '../src/runtime/file-watcher';

vi.mock('../src/runtime/root-watch', () => {
  throw Object.assign(new Error('cannot load chokidar'), { code: 'ERR_X' });
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('watchFiles when the watching code cannot load', () => {
  it('reports one line, settles ready and closes cleanly', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-watch-load-'));
    dirs.push(dir);
    const errors: string[] = [];
    const handle = watchFiles({ paths: ['.'], ignore: [] }, dir, () => undefined, (m) => errors.push(m));
    await expect(handle.ready).resolves.toBeUndefined();
    await expect(handle.close()).resolves.toBeUndefined();
    expect(errors).toHaveLength(1);
    // The message is the loader's own (here vitest's wrapper around the failed factory), on one line.
    expect(errors[0]).toMatch(/^file watcher: [^\n]+$/);
  });
});
