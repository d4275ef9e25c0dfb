// The remote CLI (src/cli/remote/), each subcommand run as a user would (bin/brum.js in a child process) against
// a headless brum (`brum run`) in a temp project: ps, start/stop/restart, logs (-n, --json, --after, -f), errors,
// urls, search, and what every one of them says when no brum is running.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instancePaths } from '../src/control/instance-paths';
import { BIN, ROOT, startBrum, type BrumProcess } from './helpers/brum';
import { descendants, isAlive, survivors, waitFor } from './helpers/proc-tree';
import { freePort } from './helpers/net';

const SERVICE = path.join(ROOT, 'test/fixtures/orchestra/service.mjs');
const TALKER = path.join(ROOT, 'test/fixtures/control/talker.mjs');
const TS_ERROR = "src/server.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.";
/** How long `slow` takes to stop after SIGTERM: long enough that a CLI that did not wait is caught at it. */
const SLOW_STOP_MS = 4000;
/** api prints its "listening" line (its ready probe) this long after it starts. */
const API_READY_MS = 400;

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit. */
  readonly ms: number;
}

let dir = '';
let runtime = '';
let url = '';
let brum: BrumProcess;
let tree: number[] = [];
const dirs: string[] = [];

/** `brum ARGS` in the project (or `cwd`), against the instance's runtime folder (or `env`'s). */
function cli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? dir,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, BRUM_RUNTIME_DIR: runtime, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started })));
}

interface View {
  name: string;
  status: string;
  pid: number | null;
  restarts: number;
  exitCode: number | null;
  ready: boolean | null;
  readyMs: number | null;
  urls: string[];
  errors: number;
  lines: number;
}

async function ps(): Promise<Record<string, View>> {
  const r = await cli(['ps', '--json']);
  expect(r.code, r.stderr).toBe(0);
  const body = JSON.parse(r.stdout) as { processes: View[] };
  return Object.fromEntries(body.processes.map((p) => [p.name, p]));
}

/** The pid of the service started with NAME=name in its environment (our fixture's stop log name), if running. */
function pgrepService(name: string): number | null {
  for (const pid of descendants(brum.pid)) {
    try {
      if (readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`NAME=${name}`) && readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[1] === SERVICE) return pid;
    } catch {
      // gone
    }
  }
  return null;
}

/** How many times worker has run to its end: its "worker done" lines in the log. */
async function workerRuns(): Promise<number> {
  const r = await cli(['search', 'worker done', 'worker', '--json']);
  return (JSON.parse(r.stdout) as { matches: unknown[] }).matches.length;
}

const lines = (text: string): string[] => text.split('\n').slice(0, -1);


beforeAll(async () => {
  // Given a headless brum in a temp project: api (prints its URL, ready on "listening on"), worker (22 lines, one
  // of them a TypeScript error), slow (takes 4 s to stop) and wrapped (the same, behind a shell)
  dir = mkdtempSync(path.join(os.tmpdir(), 'brum-cli-'));
  runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
  url = `http://localhost:${await freePort()}`;
  writeFileSync(
    path.join(dir, 'brum.yaml'),
    [
      'processes:',
      '  api:',
      `    command: '"${process.execPath}" "${SERVICE}" log "api listening on ${url}" ${API_READY_MS}'`,
      '    ready: { log: "listening on" }',
      '  worker:',
      `    command: '"${process.execPath}" "${TALKER}" w 20 "${TS_ERROR.replace(/'/g, "''")}" "worker done"'`,
      '  slow:',
      `    command: 'exec "${process.execPath}" "${SERVICE}" idle - -'`,
      `    env: { STOP_DELAY_MS: "${SLOW_STOP_MS}" }`,
      '    stop: { timeout: 20s }',
      // The same service behind a shell that does not exec it: the group outlives its leader by 3 s on a stop
      '  wrapped:',
      `    command: 'echo wrapped up; "${process.execPath}" "${SERVICE}" idle - -'`,
      `    env: { STOP_DELAY_MS: "${SLOW_STOP_MS}", NAME: wrapped-service }`,
      '    stop: { timeout: 20s }',
      '',
    ].join('\n'),
  );
  brum = startBrum(['run'], { cwd: dir, env: { BRUM_RUNTIME_DIR: runtime } });
  await brum.waitForOutput('worker done');
  await brum.waitForOutput(`api listening on ${url}`);
  await brum.waitForOutput('wrapped up');
  await waitFor(async () => {
    const all = await ps();
    return Object.values(all).every((p) => p.status === 'running' && p.ready === true) && all.worker?.errors === 1;
  }, 'every process running and ready, the error detected', 15_000);
  tree = [brum.pid, ...descendants(brum.pid)];
});

afterAll(async () => {
  brum.child.kill('SIGINT');
  const code = await brum.exited(30_000);
  const all = [...tree, ...descendants(brum.pid)];
  const left = await waitFor(() => survivors(all).length === 0, 'brum\'s processes to end', 5000).then(
    () => [],
    () => survivors(all),
  );
  for (const pid of left) process.kill(pid, 'SIGKILL');
  for (const d of [dir, runtime, ...dirs]) rmSync(d, { recursive: true, force: true });
  expect(left, 'processes left behind').toEqual([]);
  expect(code).toBe(130);
});

describe('brum ps', () => {
  it('prints a table like the TUI\'s rows: name, status, pid, uptime, restarts, exit, URL and state', async () => {
    const all = await ps();
    const r = await cli(['ps']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const [head, ...rows] = lines(r.stdout);
    expect(head).toMatch(/^NAME +STATUS +PID +UPTIME +↻ +EXIT +URL · STATE$/);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toMatch(new RegExp(`^api +running +${all.api?.pid} +\\d+s +${url.replace(/\./g, '\\.')} · ready in \\d+\\.\\d s$`));
    expect(rows[1]).toMatch(new RegExp(`^worker +running +${all.worker?.pid} +\\d+s +1 error$`));
    expect(rows[2]).toMatch(new RegExp(`^slow +running +${all.slow?.pid} +\\d+s$`));
    expect(rows[3]).toMatch(new RegExp(`^wrapped +running +${all.wrapped?.pid} +\\d+s$`));
    // The columns line up under the header
    const col = (s: string, word: string): number => s.indexOf(word);
    for (const row of rows) expect(row.indexOf('running')).toBe(col(head as string, 'STATUS'));
  });

  it('--json has the stable, versioned shape {v:1, processes:[…]}', async () => {
    const r = await cli(['ps', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.stdout) as { v: number; processes: Array<Record<string, unknown>> };
    expect(Object.keys(body)).toEqual(['v', 'processes']);
    expect(body.v).toBe(1);
    expect(body.processes.map((p) => p.name)).toEqual(['api', 'worker', 'slow', 'wrapped']);
    const types = (p: Record<string, unknown>): Record<string, string> => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v]));
    for (const p of body.processes) {
      // Every field, with its type while running (null where nothing applies yet)
      expect(types(p)).toEqual({
        name: 'string',
        status: 'string',
        pid: 'number',
        restarts: 'number',
        exitCode: 'null',
        signal: 'null',
        reason: 'null',
        ready: 'boolean',
        readyMs: p.name === 'api' ? 'number' : 'null',
        waitingFor: 'null',
        startedAt: 'string',
        endedAt: 'null',
        command: 'string',
        lines: 'number',
        urls: 'array',
        errors: 'number',
        watch: 'null',
        trigger: 'null',
      });
      expect(p).toMatchObject({ status: 'running', ready: true, restarts: 0 });
      expect(String(p.startedAt)).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
    }
    const [api, worker] = body.processes;
    expect(api).toMatchObject({ urls: [url], errors: 0 });
    expect(worker).toMatchObject({ urls: [], errors: 1, lines: 22, readyMs: null });
  });
});

describe('brum logs', () => {
  it('-n 5 prints exactly the 5 newest lines, prefixed by name when several processes are shown', async () => {
    const json = await cli(['logs', '--json', '-n', '5']);
    const newest = lines(json.stdout).map((l) => JSON.parse(l) as { name: string; text: string });
    const r = await cli(['logs', '-n', '5']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toHaveLength(5);
    expect(lines(r.stdout)).toEqual(newest.map((l) => `[${l.name}] ${l.text}`));
    // One process: its own lines, no prefix
    const worker = await cli(['logs', 'worker', '-n', '5']);
    expect(worker.stdout).toBe(['w 18', 'w 19', 'w 20', TS_ERROR, 'worker done', ''].join('\n'));
    // Two processes: merged, prefixed, still bounded
    const two = await cli(['logs', 'api', 'worker', '-n', '4']);
    expect(lines(two.stdout)).toHaveLength(4);
    expect(lines(two.stdout).every((l) => /^\[(api|worker)\] /.test(l))).toBe(true);
    // With no -n: at most 100
    const all = await cli(['logs']);
    expect(lines(all.stdout).length).toBeGreaterThan(22);
    expect(lines(all.stdout).length).toBeLessThanOrEqual(100);
  });

  it('--json prints one {seq, name, stream, ts, text} per line, in seq order', async () => {
    const r = await cli(['logs', 'worker', '--json', '-n', '22']);
    expect(r.code).toBe(0);
    const parsed = lines(r.stdout).map((l) => JSON.parse(l) as { seq: number; name: string; stream: string; ts: string; text: string });
    expect(parsed).toHaveLength(22);
    for (const line of parsed) {
      expect(Object.keys(line)).toEqual(['seq', 'name', 'stream', 'ts', 'text']);
      expect(line).toMatchObject({ name: 'worker', stream: 'stdout' });
      expect(line.ts).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);
      expect(typeof line.seq).toBe('number');
    }
    expect(parsed.map((l) => l.seq)).toEqual([...parsed.map((l) => l.seq)].sort((a, b) => a - b));
    expect(parsed.map((l) => l.text)).toEqual([...Array.from({ length: 20 }, (_, i) => `w ${i + 1}`), TS_ERROR, 'worker done']);
  });

  it('--after SEQ prints the lines after that cursor', async () => {
    const parsed = lines((await cli(['logs', 'worker', '--json', '-n', '22'])).stdout).map((l) => JSON.parse(l) as { seq: number; text: string });
    const tenth = parsed.find((l) => l.text === 'w 10')?.seq as number;
    const r = await cli(['logs', 'worker', '--after', String(tenth), '-n', '3']);
    expect(r).toMatchObject({ code: 0, stdout: 'w 11\nw 12\nw 13\n' });
    const last = parsed.at(-1)?.seq as number;
    expect(await cli(['logs', 'worker', '--after', String(last)])).toMatchObject({ code: 0, stdout: '' });
  });

  it('a bad -n is exit 2 with an example', async () => {
    for (const n of ['0', 'abc']) {
      const r = await cli(['logs', '-n', n]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`brum: -n takes a number of lines, not "${n}". Example: brum logs -n 50\n`);
    }
    const unknown = await cli(['logs', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('brum: unknown process "nope". Known: api, worker, slow, wrapped\n');
  });
});

describe('brum errors and brum urls', () => {
  it('errors lists the detected errors with their place; --json gives kind, message, location', async () => {
    const r = await cli(['errors']);
    expect(r).toMatchObject({ code: 0, stdout: "[worker] TS2322: Type 'string' is not assignable to type 'number'.  (src/server.ts:12:5)\n" });
    const json = JSON.parse((await cli(['errors', '--json'])).stdout) as { errors: Array<{ seq: number }> };
    const seq = json.errors[0]?.seq;
    expect(typeof seq).toBe('number');
    expect(json).toEqual({
      v: 1,
      errors: [
        {
          name: 'worker',
          seq,
          kind: 'ts',
          message: "TS2322: Type 'string' is not assignable to type 'number'.",
          location: { file: 'src/server.ts', line: 12, col: 5 },
          lines: [TS_ERROR],
        },
      ],
    });
  });

  it('urls lists the URLs the processes printed; --json too', async () => {
    expect(await cli(['urls'])).toMatchObject({ code: 0, stdout: `[api] ${url}\n` });
    expect(JSON.parse((await cli(['urls', '--json'])).stdout)).toEqual({ v: 1, urls: [{ name: 'api', url }] });
  });
});

describe('brum search', () => {
  it('finds a line of any process (text, any case), or of the named ones only; exit 1 when nothing matches', async () => {
    // Text in another process than the first one: found, with the process named
    const r = await cli(['search', 'worker DONE']);
    expect(r).toMatchObject({ code: 0, stdout: '[worker] worker done\n' });
    const api = await cli(['search', 'listening on']);
    expect(api.code).toBe(0);
    expect(lines(api.stdout).length).toBeGreaterThanOrEqual(1);
    expect(new Set(lines(api.stdout))).toEqual(new Set([`[api] api listening on ${url}`]));
    // Scoped to a process that does not have it: nothing, exit 1, no output
    expect(await cli(['search', 'listening on', 'worker'])).toMatchObject({ code: 1, stdout: '', stderr: '' });
    expect(await cli(['search', 'no line says this'])).toMatchObject({ code: 1, stdout: '', stderr: '' });
  });

  it('--regex matches a JavaScript regular expression; -n keeps the newest matches; --json', async () => {
    const r = await cli(['search', '--regex', '^w 1\\d$', 'worker']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toEqual(Array.from({ length: 10 }, (_, i) => `[worker] w 1${i}`));
    const newest = await cli(['search', '--regex', '^w 1\\d$', '-n', '3']);
    expect(lines(newest.stdout)).toEqual(['[worker] w 17', '[worker] w 18', '[worker] w 19']);
    // Without --regex the same pattern is plain text: no line contains it
    expect((await cli(['search', '^w 1\\d$'])).code).toBe(1);
    const json = JSON.parse((await cli(['search', 'TS2322', '--json'])).stdout) as { matches: Array<{ seq: number }> };
    const seq = json.matches[0]?.seq;
    expect(typeof seq).toBe('number');
    expect(json).toEqual({ v: 1, matches: [{ seq, name: 'worker', text: TS_ERROR }], truncated: false });
  });

  it('a bad regex is exit 2 with the reason', async () => {
    const r = await cli(['search', '--regex', '(']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^brum: bad pattern: invalid regex: .*\n$/);
  });
});

describe('brum start, stop and restart', () => {
  it('return once the state is reached: stopped, then running and ready, then running again under a new pid', async () => {
    // When api is stopped
    const before = (await ps()).api as View;
    const stop = await cli(['stop', 'api']);
    // Then the command returns once it is down, and says so
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toBe('api exited\n');
    expect((await ps()).api).toMatchObject({ status: 'exited', ready: null });
    // When it is started: the command returns once api is running and its ready probe has passed (~0.4 s in)
    const start = await cli(['start', 'api']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.stdout).toMatch(/^api running \(ready in \d+\.\d\d s\)\n$/);
    expect(start.ms).toBeGreaterThanOrEqual(API_READY_MS);
    const started = (await ps()).api as View;
    expect(started).toMatchObject({ status: 'running', ready: true });
    expect(started.pid).not.toBe(before.pid);
    // When it is restarted: a new pid, running and ready when the command returns
    const restart = await cli(['restart', 'api']);
    expect(restart.code, restart.stderr).toBe(0);
    expect(restart.stdout).toMatch(/^api running \(ready in \d+\.\d\d s\)\n$/);
    const restarted = (await ps()).api as View;
    expect(restarted).toMatchObject({ status: 'running', ready: true });
    expect(restarted.pid).not.toBe(started.pid);
    // Several names at once: one line each
    const both = await cli(['restart', 'api', 'worker']);
    expect(both.code, both.stderr).toBe(0);
    expect(lines(both.stdout).sort()).toEqual([expect.stringMatching(/^api running \(ready in /), 'worker running']);
    // A stop of a process already down is reached at once
    await waitFor(async () => (await workerRuns()) === 2, 'the restarted worker to print its lines');
    await cli(['stop', 'worker']);
    const again = await cli(['stop', 'worker']);
    expect(again).toMatchObject({ code: 0, stdout: 'worker exited\n' });
    expect((await cli(['start', 'worker'])).code).toBe(0);
    await waitFor(async () => (await workerRuns()) === 3, 'worker to print its lines again');
  }, 60_000);

  it('--no-wait returns at once, before the state is reached; --timeout gives up with exit 1', async () => {
    // Given slow, which takes 4 s to stop
    const stop = await cli(['stop', 'slow', '--no-wait']);
    // Then the command returned while slow was still stopping
    expect(stop.code, stop.stderr).toBe(0);
    expect(stop.stdout).toMatch(/^slow (running|stopping)\n$/);
    expect((await ps()).slow?.status).toBe('stopping');
    // And a waiting stop with a short --timeout gives up: exit 1, saying it was not reached
    const timedOut = await cli(['stop', 'slow', '--timeout', '100']);
    expect(timedOut.code).toBe(1);
    expect(timedOut.stdout).toBe('slow stopping (not reached before the timeout, or it ended otherwise)\n');
    // And a waiting stop returns once it is down
    const waited = await cli(['stop', 'slow']);
    expect(waited).toMatchObject({ code: 0, stdout: 'slow exited\n' });
    expect((await ps()).slow?.status).toBe('exited');
    // And --no-wait on start returns before it runs or just as it does
    const start = await cli(['start', 'slow', '--no-wait']);
    expect(start.code).toBe(0);
    expect(start.stdout).toMatch(/^slow (exited|starting|running)\n$/);
    await waitFor(async () => (await ps()).slow?.status === 'running', 'slow running again');
  }, 60_000);

  // Here the leader is a shell that dies at once on SIGTERM while the service behind it (same group) takes 4 s to
  // close: `brum stop` must answer once the whole group is gone (the command's own end), not when the status says
  // exited, or `brum stop wrapped && brum start wrapped` would find the old service still holding its port.
  it('stop returns once the whole group is gone, not just its leader', async () => {
    const service = await waitFor(() => pgrepService('wrapped-service'), 'the wrapped service');
    try {
      const stop = await cli(['stop', 'wrapped']);
      expect(stop).toMatchObject({ code: 0, stdout: 'wrapped exited\n' });
      // The service that was running when the stop returned
      const stillAlive = isAlive(service);
      await waitFor(() => !isAlive(service), 'the wrapped service to end by itself', SLOW_STOP_MS + 5000);
      expect(stillAlive, 'the service behind the shell was still running when brum stop returned').toBe(false);
    } finally {
      await cli(['start', 'wrapped']);
    }
  }, 30_000);

  it('an unknown name is exit 2 with a suggestion, and nothing is done, not even to the names that exist', async () => {
    const before = await ps();
    const r = await cli(['stop', 'api', 'apii']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('brum: unknown process "apii". Did you mean "api"? Known: api, worker, slow, wrapped\n');
    for (const action of ['start', 'restart']) {
      const other = await cli([action, 'wrker']);
      expect(other.code).toBe(2);
      expect(other.stderr).toBe('brum: unknown process "wrker". Did you mean "worker"? Known: api, worker, slow, wrapped\n');
    }
    const after = await ps();
    expect(after.api).toMatchObject({ status: 'running', pid: before.api?.pid });
    expect(after.worker).toMatchObject({ status: 'running', pid: before.worker?.pid });
  });

  it('with no names, runs the project\'s script of that name, as `brum stop` always did', async () => {
    // Given another project with start, stop and restart scripts (and no brum running in it)
    const other = mkdtempSync(path.join(os.tmpdir(), 'brum-cli-scripts-'));
    dirs.push(other);
    writeFileSync(
      path.join(other, 'package.json'),
      JSON.stringify({ name: 'p', scripts: { start: 'echo the start script ran', stop: 'echo the stop script ran', restart: 'echo the restart script ran' } }),
    );
    const own = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
    dirs.push(own);
    for (const action of ['start', 'stop', 'restart']) {
      const r = await cli([action], { cwd: other, env: { BRUM_RUNTIME_DIR: own } });
      // Not a terminal: headless, as `brum run NAME`
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`the ${action} script ran`);
    }
  }, 60_000);

  it('brum logs -f follows new lines until Ctrl-C, then exits 0', async () => {
    // Given a follower of api, started after api's current line
    const follower = spawn(process.execPath, [BIN, 'logs', 'api', '-f', '-n', '1'], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', BRUM_RUNTIME_DIR: runtime },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    follower.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const exited = new Promise<number | null>((resolve) => follower.on('close', (code) => resolve(code)));
    try {
      await waitFor(() => out === `api listening on ${url}\n`, 'the follower to print the newest line');
      // When api prints again (a restart), it shows up in the follower without asking
      expect((await cli(['restart', 'api'])).code).toBe(0);
      await waitFor(() => out === `api listening on ${url}\napi listening on ${url}\n`, 'the new line to be followed', 10_000);
      // And when the worker prints, nothing shows: it follows api only
      const runs = await workerRuns();
      expect((await cli(['restart', 'worker'])).code).toBe(0);
      await waitFor(async () => (await workerRuns()) === runs + 1, 'worker to print again');
      expect(out).toBe(`api listening on ${url}\napi listening on ${url}\n`);
      // Then Ctrl-C ends it, exit 0, at once
      const t0 = Date.now();
      follower.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      follower.kill('SIGKILL');
    }
  }, 60_000);

});

describe('with no brum running', () => {
  it('every subcommand says so in one line and exits 2', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'brum-cli-none-'));
    const own = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
    dirs.push(empty, own);
    const expected = `brum: no brum is running in ${empty}; start one with \`brum\` or \`brum run\`.\n`;
    const commands = [
      ['ps'],
      ['ps', '--json'],
      ['start', 'api'],
      ['stop', 'api'],
      ['restart', 'api', '--no-wait'],
      ['logs'],
      ['logs', 'api', '-f'],
      ['errors'],
      ['urls', '--json'],
      ['search', 'x'],
    ];
    const runs = await Promise.all(commands.map((args) => cli(args, { cwd: empty, env: { BRUM_RUNTIME_DIR: own } })));
    for (const [i, r] of runs.entries()) {
      expect({ args: commands[i], code: r.code, stdout: r.stdout, stderr: r.stderr }).toEqual({ args: commands[i], code: 2, stdout: '', stderr: expected });
    }
  }, 60_000);

  it('-C names the project from anywhere; a replaced token is a 401 with a hint, exit 2', async () => {
    // -C from another folder reaches the running brum
    const elsewhere = await cli(['ps', '-C', dir], { cwd: os.tmpdir() });
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stdout).toMatch(/^NAME/);
    // A token file that is not the instance's
    const token = instancePaths(dir, { BRUM_RUNTIME_DIR: runtime }).token;
    const real = readFileSync(token, 'utf8');
    writeFileSync(token, '0'.repeat(64));
    try {
      const r = await cli(['ps']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^brum: unauthorized: .*\(the token file was replaced: is this the brum you meant\?\)\n$/);
    } finally {
      writeFileSync(token, real);
    }
    expect((await cli(['ps'])).code).toBe(0);
  });
});
