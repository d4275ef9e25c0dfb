// File-watch restarts with real files, a real watcher and real processes (issue 14, point 1). "No restart" is
// shown without sleeping: the ignored files are written first, then a watched one, and the one restart that follows
// must name only the watched file.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootLive, cleanupLive, IDLE, SERVICE, spawns, writeProject } from './helpers/live-project';

/** A service that prints `up` once its signal handlers are in place, then keeps running. */
const SERVICE_UP = `node ${SERVICE} log up 0`;

afterEach(cleanupLive);

const POLL = { timeout: 15_000, interval: 20 };
const yaml = (...lines: string[]): string => lines.join('\n') + '\n';
const proc = (b: Awaited<ReturnType<typeof bootLive>>, id: string) => b.brum.store.getState().processes[id];

describe('watch: one restart per burst', () => {
  it('one change → one restart, saying which file', async () => {
    const dir = writeProject({ 'brum.yaml': yaml('processes:', '  api:', `    command: ${IDLE}`, '    watch: { paths: [src], debounce: 50ms }'), 'src/a.ts': '1' });
    const b = await bootLive(dir);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    writeFileSync(path.join(dir, 'src/a.ts'), '2');
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(2);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    expect(proc(b, 'api')?.trigger?.text).toBe('src/a.ts changed');
  });

  it('20 files saved within 100 ms → exactly one restart', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`src/f${i}.ts`] = 'x';
    const dir = writeProject({ 'brum.yaml': yaml('processes:', '  api:', `    command: ${IDLE}`, '    watch: src'), ...files });
    const b = await bootLive(dir);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    for (let i = 0; i < 20; i++) appendFileSync(path.join(dir, `src/f${i}.ts`), 'y');
    await expect.poll(() => proc(b, 'api')?.trigger?.text ?? '', POLL).toMatch(/^src\/f\d+\.ts changed \(\+19 more\)$/);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    expect(spawns(b, 'api')).toBe(2);
  });

  it('saves while the old process stops are in what the new one reads: no second restart; a save after it → exactly one more', async () => {
    const dir = writeProject({
      'brum.yaml': yaml('processes:', '  api:', `    command: ${SERVICE_UP}`, '    env: { STOP_LOG: /dev/null, STOP_DELAY_MS: "600" }', '    watch: { paths: [src], debounce: 30ms }'),
      'src/a.ts': '1',
    });
    const b = await bootLive(dir);
    // Its first line means its SIGTERM handler is in place (it then takes 0.6 s to stop).
    await expect.poll(() => b.brum.store.getState().logs.api?.lines ?? 0, POLL).toBeGreaterThanOrEqual(1);
    writeFileSync(path.join(dir, 'src/a.ts'), '2');
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('stopping');
    writeFileSync(path.join(dir, 'src/b.ts'), '1');
    writeFileSync(path.join(dir, 'src/a.ts'), '3');
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(2);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    expect(proc(b, 'api')?.trigger?.text).toBe('src/a.ts changed');
    // Had the saves during the stop been queued, their restart would come first and this one would be the 4th.
    writeFileSync(path.join(dir, 'src/c.ts'), '1');
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(3);
    expect(proc(b, 'api')?.trigger?.text).toBe('src/c.ts changed');
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    expect(spawns(b, 'api')).toBe(3);
  });
});

describe('watch: what is ignored', () => {
  it('changes under node_modules, .git, dist, a .gitignored folder, *.log and a user ignore restart nothing', async () => {
    const dir = writeProject({
      'brum.yaml': yaml('processes:', '  api:', `    command: ${IDLE}`, '    watch: { paths: [.], ignore: ["**/*.test.ts"], debounce: 50ms }'),
      '.gitignore': 'generated/\n',
      'src/a.ts': '1',
    });
    for (const d of ['node_modules/pkg', '.git', 'dist', 'generated']) mkdirSync(path.join(dir, d), { recursive: true });
    const b = await bootLive(dir);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    for (const f of ['node_modules/pkg/index.js', '.git/index', 'dist/app.js', 'generated/x.ts', 'server.log', 'src/a.test.ts']) {
      writeFileSync(path.join(dir, f), 'changed');
    }
    writeFileSync(path.join(dir, 'src/a.ts'), '2');
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(2);
    expect(proc(b, 'api')?.trigger?.text).toBe('src/a.ts changed');
  });
});

describe('watch: cascade, crashes and the flap guard', () => {
  it('cascade: true restarts the restart:true dependents after the process; without it they keep running', async () => {
    const dir = writeProject({
      'brum.yaml': yaml(
        'processes:',
        '  db:',
        `    command: ${IDLE}`,
        '    watch: { paths: [db], debounce: 30ms, cascade: true }',
        '  cache:',
        `    command: ${IDLE}`,
        '    watch: { paths: [cache], debounce: 30ms }',
        '  api:',
        `    command: ${IDLE}`,
        '    depends_on: { db: { condition: started, restart: true }, cache: { condition: started, restart: true } }',
      ),
      'db/schema.sql': '1',
      'cache/conf': '1',
    });
    const b = await bootLive(dir);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    writeFileSync(path.join(dir, 'cache/conf'), '2');
    await expect.poll(() => spawns(b, 'cache'), POLL).toBe(2);
    writeFileSync(path.join(dir, 'db/schema.sql'), '2');
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(2);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    // api came back after db did, and the cache change alone did not restart it.
    expect(proc(b, 'api')?.startedAt ?? 0).toBeGreaterThanOrEqual(proc(b, 'db')?.startedAt ?? Infinity);
    expect(spawns(b, 'db')).toBe(2);
  });

  it('a crashed process starts again on the next change', async () => {
    const dir = writeProject({
      'brum.yaml': yaml('processes:', '  job:', `    command: node ${path.join(process.cwd(), 'test/fixtures/orchestra/service.mjs')} exit 1 0`, '    watch: { paths: [src], debounce: 30ms }'),
      'src/a.ts': '1',
    });
    const b = await bootLive(dir);
    await expect.poll(() => proc(b, 'job')?.status, POLL).toBe('failed');
    writeFileSync(path.join(dir, 'src/a.ts'), '2');
    await expect.poll(() => spawns(b, 'job'), POLL).toBe(2);
    expect(proc(b, 'job')?.trigger?.text).toBe('src/a.ts changed');
  });

  it('the flap guard suspends a watch that restarts more than 10 times a minute, and says so', async () => {
    const dir = writeProject({ 'brum.yaml': yaml('processes:', '  api:', `    command: ${IDLE}`, '    watch: { paths: [src], debounce: 20ms }'), 'src/a.ts': '0' });
    const b = await bootLive(dir);
    await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    for (let i = 1; i <= 10; i++) {
      writeFileSync(path.join(dir, 'src/a.ts'), String(i));
      await expect.poll(() => spawns(b, 'api'), POLL).toBe(i + 1);
      await expect.poll(() => proc(b, 'api')?.status, POLL).toBe('running');
    }
    writeFileSync(path.join(dir, 'src/a.ts'), 'eleven');
    await expect.poll(() => proc(b, 'api')?.watch, POLL).toEqual({ state: 'suspended', reason: 'watch suspended: 10 restarts within a minute' });
    expect(spawns(b, 'api')).toBe(11);
    // Resumed by the user (the w key), it restarts on the next change again.
    b.brum.controls.toggleWatch('api');
    expect(proc(b, 'api')?.watch?.state).toBe('on');
    writeFileSync(path.join(dir, 'src/a.ts'), 'twelve');
    await expect.poll(() => spawns(b, 'api'), POLL).toBe(12);
  });
});
