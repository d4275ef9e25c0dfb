// The TUI instance driven from another shell: brum runs a project in a real terminal (tmux), and the remote CLI,
// run as a separate process against the same runtime folder, stops api (the TUI's row shows it), reads api's last
// five lines, and searches a line another process printed; then starts api again, and quitting leaves nothing.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from './helpers/brum';
import { descendants, survivors, waitFor } from './helpers/proc-tree';
import { listRows, requireTmux, TmuxPane, type ListRow } from './helpers/tmux';
import { freePort } from './helpers/net';

const TALKER = path.join(ROOT, 'test/fixtures/control/talker.mjs');
const TEST_TIMEOUT = 90_000;

let pane: TmuxPane | null = null;
const dirs: string[] = [];
let watched: number[] = [];

beforeAll(() => {
  requireTmux();
});

afterEach(async () => {
  const p = pane;
  pane = null;
  let left: number[] = [];
  try {
    if (p) {
      p.close();
      const pids = [p.shellPid, p.serverPid, ...(p.knownPid === null ? [] : [p.knownPid]), ...watched];
      left = await waitFor(() => survivors(pids).length === 0, 'the pane, brum and its processes to be gone', 10_000).then(
        () => [],
        () => survivors(pids),
      );
      for (const pid of left) process.kill(pid, 'SIGKILL');
    }
  } finally {
    watched = [];
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
  expect(left, 'processes left behind').toEqual([]);
});

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}


describe('the remote CLI against the TUI', () => {
  it('brum stop api shows on the TUI\'s row; brum logs api -n 5 prints exactly 5 lines; brum search finds another process\'s line', async () => {
    // Given a project with api (nine lines, the last its URL; ready on it) and worker (a line to find)
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-control-e2e-'));
    const runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
    dirs.push(dir, runtime);
    const url = `http://localhost:${await freePort()}`;
    const needle = `needle-${Math.random().toString(36).slice(2, 10)}`;
    writeFileSync(
      path.join(dir, 'brum.yaml'),
      [
        'processes:',
        '  api:',
        // Behind a shell, so a stop ends it by SIGTERM (the square "stopped" icon) rather than a clean exit 0
        `    command: 'echo api 0; "${process.execPath}" "${TALKER}" api 7 "api listening on ${url}"'`,
        '    ready: { log: "listening on" }',
        '  worker:',
        `    command: 'exec "${process.execPath}" "${TALKER}" worker 3 "${needle} from worker"'`,
        '',
      ].join('\n'),
    );
    const cli = (...args: string[]): Promise<Run> =>
      new Promise((resolve) => {
        // From another shell: a separate process with the same runtime folder, in the project folder
        const child = spawn(process.execPath, [BIN, ...args], {
          cwd: dir,
          env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, BRUM_RUNTIME_DIR: runtime },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
    // And the TUI running it in a terminal
    const p = (pane = TmuxPane.open({ argv: [process.execPath, BIN], cwd: dir, width: 120, height: 30, env: { BRUM_RUNTIME_DIR: runtime } }));
    const row = (name: string): ListRow | undefined => listRows(p.capture()).find((r) => r.name === name);
    await waitFor(() => row('api')?.icon === '●' && row('worker')?.icon === '●' && /ready in/.test(row('api')?.rest ?? ''), 'api and worker running, api ready', 30_000).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\nscreen:\n${p.capture()}`);
      },
    );
    watched = [p.pid, ...descendants(p.pid)];
    const apiPid = Number(row('api')?.rest.trim().split(/\s+/)[0]);
    expect(apiPid).toBeGreaterThan(0);

    // When another shell runs brum stop api
    const stop = await cli('stop', 'api');
    // Then it returns once api is down, and the TUI's api row shows it stopped (worker untouched)
    expect(stop, stop.stderr).toMatchObject({ code: 0, stdout: 'api exited\n' });
    const stopped = await waitFor(() => {
      const r = row('api');
      return r && r.icon === '■' && /SIGTERM/.test(r.rest) ? r : null;
    }, 'the TUI\'s api row to show it stopped', 10_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\nscreen:\n${p.capture()}`);
    });
    expect(stopped.rest).not.toMatch(/ready in/);
    expect(row('worker')?.icon).toBe('●');
    expect(survivors([apiPid])).toEqual([]);

    // When it runs brum logs api -n 5: exactly api's last five lines, no prefix
    const logs = await cli('logs', 'api', '-n', '5');
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toBe(['api 4', 'api 5', 'api 6', 'api 7', `api listening on ${url}`, ''].join('\n'));

    // When it searches for the line worker printed: found, named by its process
    const search = await cli('search', needle);
    expect(search).toMatchObject({ code: 0, stdout: `[worker] ${needle} from worker\n`, stderr: '' });
    expect(await cli('search', needle, 'api')).toMatchObject({ code: 1, stdout: '' });

    // When it starts api again: the row is back to running, ready, under a new pid
    const start = await cli('start', 'api');
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/^api running \(ready in \d+\.\d\d s\)\n$/);
    await waitFor(() => {
      const r = row('api');
      return r?.icon === '●' && /ready in/.test(r.rest) && Number(r.rest.trim().split(/\s+/)[0]) !== apiPid;
    }, 'the TUI\'s api row to show it running again', 10_000);
    watched.push(...descendants(p.pid));

    // And brum ps from the other shell agrees with the screen
    const ps = JSON.parse((await cli('ps', '--json')).stdout) as { processes: Array<{ name: string; status: string; pid: number }> };
    expect(ps.processes.map((x) => [x.name, x.status])).toEqual([
      ['api', 'running'],
      ['worker', 'running'],
    ]);
    expect(String(ps.processes[0]?.pid)).toBe(row('api')?.rest.trim().split(/\s+/)[0]);

    // When the TUI quits, the instance is gone: the remote CLI says no brum is running
    p.send('q');
    await waitFor(() => p.exitStatus() !== null, 'the TUI to quit', 15_000);
    expect(p.exitStatus()).toBe(0);
    const after = await cli('ps');
    expect(after).toMatchObject({ code: 2, stderr: `brum: no brum is running in ${dir}; start one with \`brum\` or \`brum run\`.\n` });
  }, TEST_TIMEOUT);
});
