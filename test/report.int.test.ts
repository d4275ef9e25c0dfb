import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunReport } from '../src/headless/report';
import { startBrum, type BrumProcess } from './helpers/brum';

const started: BrumProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const b of started.splice(0)) b.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('brum run --report', () => {
  it('reports exactly the two real errors with locations, and the URLs a server printed', async () => {
    // Given a process printing a tsc error, a TypeError with a stack and two decoys, and a server printing URLs
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-report-'));
    dirs.push(dir);
    const file = path.join(dir, 'r.json');
    const b = startBrum(['run', 'errs', 'server', '--report', file]);
    started.push(b);

    // When the server has announced itself and brum is stopped
    await b.waitForOutput('[brum] server → http://localhost:4321/app');
    await b.waitForOutput('[brum] errs exited with code 0');
    b.child.kill('SIGINT');
    expect(await b.exited()).toBe(130);

    // Then the report holds exactly the two errors with their locations, and the server's URLs, normalised
    const report = JSON.parse(readFileSync(file, 'utf8')) as RunReport;
    // And its exit code is the one the shell saw (Ctrl-C's), not the runner's own.
    expect(report.exitCode).toBe(130);
    const errors = report.processes.find((p) => p.name === 'errs');
    expect(errors?.exitCode).toBe(0);
    // npm adds its own header lines before the script's ten.
    expect(errors?.lines).toBeGreaterThanOrEqual(10);
    expect(errors?.errors.map((e) => [e.kind, e.location])).toEqual([
      ['ts', { file: 'src/routes/users.ts', line: 14, col: 7 }],
      ['js', { file: '/app/src/sync.js', line: 26, col: 38 }],
    ]);
    expect(errors?.errors[0]?.message).toContain('TS2322');
    expect(errors?.errors[1]?.message).toContain("TypeError: Cannot read properties of undefined (reading 'id')");
    expect(errors?.errors[1]?.lines).toHaveLength(4);
    const server = report.processes.find((p) => p.name === 'server');
    expect(server?.urls).toHaveLength(2);
    expect(server?.urls[0]).toMatch(/^http:\/\/localhost:\d+\/$/);
    expect(server?.urls[1]).toBe('http://localhost:4321/app');
    expect(server?.errors).toEqual([]);
    expect(server?.signal ?? server?.exitCode).toBeDefined();
    expect(typeof server?.durationMs).toBe('number');
    // And each URL was announced once
    expect(b.stdout().split('\n').filter((l) => l.startsWith('[brum] server → '))).toHaveLength(2);
  });
});
