// `brum mcp` end to end, as a coding agent runs it: the SDK's StdioClientTransport spawns the real CLI
// (`node bin/brum.js mcp -C DIR`).
//  (a) With a brum TUI running in the project (in a real terminal, tmux, the same BRUM_RUNTIME_DIR): brum mcp is a
//      bridge to it. The agent sees the processes the TUI shows, and a restart it asks for shows on the TUI's row
//      (↻1, a new pid). Closing the client leaves the TUI and its processes alone.
//  (b) With no brum running: brum mcp runs the project itself, holding the lease (a `brum run` started meanwhile is
//      refused with exit 2 and the usual line); when the client closes, everything it ran stops and its socket goes.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { instancePaths } from '../src/control/instance-paths';
import { BIN, ROOT, startBrum, type BrumProcess } from './helpers/brum';
import { cmdline, descendants, isAlive, pgrep, reapMarked, survivors, waitFor } from './helpers/proc-tree';
import { listRows, requireTmux, TmuxPane, type ListRow } from './helpers/tmux';

const APP = path.join(ROOT, 'test/fixtures/mcp/app.mjs');
/** Generous: a 2-core machine may be running other tests and benchmarks alongside. */
const LONG = 30_000;
const TEST_TIMEOUT = 120_000;

let pane: TmuxPane | null = null;
let client: Client | null = null;
const dirs: string[] = [];
const markers: string[] = [];

beforeAll(() => {
  requireTmux();
});

afterEach(async () => {
  let left: string[];
  try {
    if (client) await client.close().catch(() => undefined);
    client = null;
    const p = pane;
    pane = null;
    await p?.closeAndWait();
    // Whatever a test asserted, no process of its project outlives it (a failed test's leftovers would skew the next).
    left = await reapMarked(markers.splice(0));
  } finally {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  }
  expect(left, "processes left with a test's marker in their command line").toEqual([]);
});

interface Project {
  readonly dir: string;
  readonly runtime: string;
  readonly env: Record<string, string>;
  /** In every command line of the project's processes, so leftovers can be found with pgrep -f. */
  readonly marker: string;
}

/**
 * A temp project: web (ready when it prints "listening"), worker, and manual (autostart: false); each runs the
 * fixture app with the marker as its first line. Its own runtime folder, for the TUI and brum mcp to share.
 */
function project(): Project {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-e2e-'));
  const runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
  dirs.push(dir, runtime);
  const marker = `mcp-e2e-${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  markers.push(marker);
  const cmd = (...steps: string[]): string => `'${[process.execPath, APP, `print:${marker}`, ...steps].map((s) => `"${s}"`).join(' ')}'`;
  writeFileSync(
    path.join(dir, 'brum.yaml'),
    [
      'processes:',
      '  web:',
      `    command: ${cmd('sleep:200', 'print:web listening on http://localhost:4321/')}`,
      '    ready: { log: "listening" }',
      '  worker:',
      `    command: ${cmd('print:worker up')}`,
      '  manual:',
      `    command: ${cmd('print:manual up')}`,
      '    autostart: false',
      '',
    ].join('\n'),
  );
  const check = spawnSync(process.execPath, [BIN, 'check', '-C', dir], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`brum check refused the generated brum.yaml:\n${check.stdout}${check.stderr}`);
  return { dir, runtime, env: { BRUM_RUNTIME_DIR: runtime }, marker };
}



/** `node bin/brum.js mcp -C DIR` over stdio, with the project's runtime folder (the SDK passes only a few variables by default). */
async function connectMcp(proj: Project): Promise<{ client: Client; transport: StdioClientTransport; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [BIN, 'mcp', '-C', proj.dir],
    cwd: proj.dir,
    env: { ...(process.env as Record<string, string>), ...proj.env },
    stderr: 'pipe',
  });
  let err = '';
  transport.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const c = new Client({ name: 'mcp-e2e', version: '0.0.1' });
  client = c;
  await c.connect(transport);
  return { client: c, transport, stderr: () => err };
}

interface Called {
  readonly text: string;
  readonly structured: Record<string, unknown>;
}

async function tool(c: Client, name: string, args: Record<string, unknown> = {}): Promise<Called> {
  const r = await c.callTool({ name, arguments: args });
  const text = (r.content as Array<{ text: string }>)[0]?.text ?? '';
  if (r.isError) throw new Error(`${name} ${JSON.stringify(args)}: ${text}`);
  return { text, structured: (r.structuredContent ?? {}) as Record<string, unknown> };
}

interface PView {
  name: string;
  status: string;
  pid: number | null;
  restarts: number;
}

/** A row's pid column, or null when it is empty. */
function pidOf(r: ListRow | undefined): number | null {
  const m = /^\s+(\d+)\s/.exec(r?.rest ?? '');
  return m ? Number(m[1]) : null;
}

/** Reads the screen until `done` holds of the process list; throws with the last screen. */
async function watchRows(p: TmuxPane, done: (rows: Map<string, ListRow>) => boolean, what: string): Promise<Map<string, ListRow>> {
  let screen = '';
  try {
    return await waitFor(
      () => {
        screen = p.capture();
        const rows = new Map(listRows(screen).map((r) => [r.name, r]));
        return rows.size > 0 && done(rows) ? rows : null;
      },
      what,
      LONG,
      25,
    );
  } catch (error) {
    throw new Error(`${String(error)}\nbrum exit status: ${p.exitStatus()}\nlast screen:\n${screen}`, { cause: error });
  }
}

describe('brum mcp over stdio (real CLI)', () => {
  it('(a) bridges to the TUI running in the project: the agent restarts web and the TUI row shows ↻1 and the new pid', async () => {
    // Given a brum TUI in tmux on the project, web and worker running, web ready
    const proj = project();
    pane = TmuxPane.open({ argv: [process.execPath, BIN, '-C', proj.dir], cwd: proj.dir, width: 120, height: 30, env: proj.env });
    const p = pane;
    const before = await watchRows(
      p,
      (rows) => rows.get('web')?.icon === '●' && /ready in/.test(rows.get('web')?.rest ?? '') && rows.get('worker')?.icon === '●' && pidOf(rows.get('worker')) !== null,
      'web ready and worker running on the TUI',
    );
    const oldPid = pidOf(before.get('web'));
    expect(oldPid).not.toBeNull();
    expect(before.get('web')?.rest).not.toMatch(/↻\d/u);
    await waitFor(() => existsSync(instancePaths(proj.dir, proj.env).socket), "the TUI's API socket");

    // When an agent connects with brum mcp
    const mcp = await connectMcp(proj);
    const mcpPid = mcp.transport.pid as number;
    // Then it sees the processes the TUI shows, with the same pids and states
    const listed = (await tool(mcp.client, 'list_processes')).structured.processes as PView[];
    expect(listed.map((x) => x.name)).toEqual([...before.keys()]);
    for (const x of listed) {
      const row = before.get(x.name);
      expect(x.pid, x.name).toBe(pidOf(row));
      expect(x.status === 'running', x.name).toBe(row?.icon === '●');
    }
    expect(listed.find((x) => x.name === 'manual')).toMatchObject({ status: 'idle', pid: null });
    // And brum mcp runs nothing of its own: it is a bridge (its only child, if any, is not a project process)
    expect(descendants(mcpPid).filter((pid) => cmdline(pid).includes(proj.marker))).toEqual([]);
    expect(JSON.parse(readFileSync(instancePaths(proj.dir, proj.env).record, 'utf8'))).toMatchObject({ pid: p.pid });

    // When the agent restarts web
    const restarted = await tool(mcp.client, 'restart_process', { name: 'web' });
    const web = restarted.structured.process as PView;
    // Then the answer says a new run is up, ready, with a new pid and one restart
    expect(restarted.structured.reached).toBe(true);
    expect(web).toMatchObject({ name: 'web', status: 'running', restarts: 1 });
    expect(web.pid).not.toBe(oldPid);
    // And the TUI's row shows the restart and the new pid, the old process gone
    const after = await watchRows(p, (rows) => /↻1/u.test(rows.get('web')?.rest ?? '') && pidOf(rows.get('web')) === web.pid, 'web\'s row to show ↻1 and the new pid');
    expect(after.get('web')?.icon).toBe('●');
    expect(after.get('worker')?.rest).not.toMatch(/↻\d/u);
    expect(pidOf(after.get('worker'))).toBe(pidOf(before.get('worker')));
    expect(survivors([oldPid as number])).toEqual([]);
    // And list_processes agrees with the TUI again
    const again = (await tool(mcp.client, 'list_processes')).structured.processes as PView[];
    for (const x of again) expect(x.pid, x.name).toBe(pidOf(after.get(x.name)));
    // And the agent reads web's log: both runs' lines
    const lines = ((await tool(mcp.client, 'read_logs', { name: 'web' })).structured.lines as Array<{ text: string }>).map((l) => l.text);
    expect(lines.filter((t) => t === 'web listening on http://localhost:4321/')).toHaveLength(2);

    // When the agent goes away
    const t0 = performance.now();
    await mcp.client.close();
    client = null;
    const closeMs = performance.now() - t0;
    // Then brum mcp ended by itself (before the SDK's SIGTERM after 2 s), and the TUI and its processes are untouched
    await waitFor(() => !isAlive(mcpPid), 'brum mcp to exit', 5000);
    expect(closeMs).toBeLessThan(1900);
    expect(mcp.stderr()).toBe('');
    expect(p.exitStatus()).toBeNull();
    expect(isAlive(web.pid as number)).toBe(true);
    const still = await watchRows(p, (rows) => rows.get('web')?.icon === '●', 'web still running on the TUI');
    expect(pidOf(still.get('web'))).toBe(web.pid);

    // When the person quits the TUI, Then it exits 0 and nothing of the project is left
    const tree = descendants(p.pid);
    p.send('q');
    await waitFor(() => p.exitStatus() !== null, 'the TUI to exit', LONG);
    expect(p.exitStatus()).toBe(0);
    await waitFor(() => survivors(tree).length === 0, 'the TUI\'s processes to end', 5000);
    expect(pgrep(proj.marker)).toEqual([]);
  }, TEST_TIMEOUT);

  it('(b) with no brum running, runs the project itself, holds the lease, and leaves nothing when the client closes', async () => {
    // Given a project with no brum running
    const proj = project();
    const paths = instancePaths(proj.dir, proj.env);
    expect(existsSync(paths.socket)).toBe(false);
    // When an agent connects with brum mcp
    const mcp = await connectMcp(proj);
    const mcpPid = mcp.transport.pid as number;
    // Then brum mcp runs the autostart processes: web (until ready) and worker; manual stays idle
    const ready = await tool(mcp.client, 'wait_for', { name: 'web', until: 'ready', timeout_ms: LONG });
    expect(ready.structured.reached).toBe(true);
    expect((await tool(mcp.client, 'wait_for', { name: 'worker', until: 'running', timeout_ms: LONG })).structured.reached).toBe(true);
    const listed = (await tool(mcp.client, 'list_processes')).structured.processes as PView[];
    expect(listed.map((x) => [x.name, x.status])).toEqual([
      ['web', 'running'],
      ['worker', 'running'],
      ['manual', 'idle'],
    ]);
    // They are brum mcp's own children, and it holds the project's lease
    const tree = [mcpPid, ...descendants(mcpPid)];
    for (const x of listed.filter((y) => y.pid !== null)) expect(tree, x.name).toContain(x.pid);
    expect(JSON.parse(readFileSync(paths.record, 'utf8'))).toMatchObject({ pid: mcpPid, project: paths.project });
    // And the agent can start the one that is not autostarted
    const started = await tool(mcp.client, 'start_process', { name: 'manual' });
    expect(started.structured).toMatchObject({ reached: true, process: { name: 'manual', status: 'running' } });

    // When a person starts `brum run` in the project meanwhile, Then it is refused with the usual line, having run nothing
    const second = startBrum(['run', '-C', proj.dir], { cwd: proj.dir, env: proj.env });
    expect(await second.exited()).toBe(2);
    expect(second.stderr()).toMatch(
      new RegExp(
        `^brum: brum is already running in ${paths.project.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(pid ${mcpPid}, since \\d\\d:\\d\\d:\\d\\d\\)\\. Use brum ps, brum logs or brum restart NAME to work with it, or stop it first\\.\\n$`,
      ),
    );
    expect(second.stdout()).toBe('');
    // And the person can see what the agent runs
    const ps = spawnSync(process.execPath, [BIN, 'ps', '-C', proj.dir, '--json'], { env: { ...process.env, ...proj.env }, encoding: 'utf8' });
    expect(ps.status, ps.stderr).toBe(0);
    expect((JSON.parse(ps.stdout) as { processes: PView[] }).processes.map((x) => [x.name, x.status])).toEqual([
      ['web', 'running'],
      ['worker', 'running'],
      ['manual', 'running'],
    ]);
    const all = [mcpPid, ...descendants(mcpPid)];
    expect(pgrep(proj.marker).length).toBeGreaterThanOrEqual(3);

    // When the agent goes away (its stdin ends)
    const t0 = performance.now();
    await mcp.client.close();
    client = null;
    const closeMs = performance.now() - t0;
    // Then brum mcp stops everything and exits by itself (before the SDK's SIGTERM after 2 s): nothing of the
    // project is left, and its socket, token and record are gone
    await waitFor(() => survivors(all).length === 0, `brum mcp and its processes to end: ${survivors(all).map((pid) => `${pid} ${cmdline(pid)}`).join('; ')}`, 10_000);
    expect(closeMs).toBeLessThan(1900);
    expect(pgrep(proj.marker)).toEqual([]);
    expect(existsSync(paths.socket)).toBe(false);
    expect(existsSync(paths.dir) ? readdirSync(paths.dir) : []).toEqual([]);
    expect(mcp.stderr()).toBe('');
    // And no brum runs there any more
    const gone = spawnSync(process.execPath, [BIN, 'ps', '-C', proj.dir], { env: { ...process.env, ...proj.env }, encoding: 'utf8' });
    expect(gone.status).toBe(2);
    expect(gone.stderr).toBe(`brum: no brum is running in ${paths.project}; start one with \`brum\` or \`brum run\`.\n`);
  }, TEST_TIMEOUT);

  // brum mcp running the project itself ends on a signal as when its client goes: the processes stop, the lease is
  // released, nothing is left.
  it('(c) SIGTERM to brum mcp running the project ends it, leaving nothing', async () => {
    const proj = project();
    const paths = instancePaths(proj.dir, proj.env);
    const child = spawn(process.execPath, [BIN, 'mcp', '-C', proj.dir], { env: { ...process.env, ...proj.env }, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 + 15 : null))));
    try {
      // Given brum mcp running web and worker, its stdin still open (the client is still there)
      await waitFor(() => existsSync(paths.record) && pgrep(proj.marker).length >= 2, 'brum mcp to run web and worker', LONG);
      const tree = [child.pid as number, ...descendants(child.pid as number)];
      // When it gets SIGTERM
      child.kill('SIGTERM');
      // Then it stops everything and exits, its socket gone
      const code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running after 5 s'), 5000))]);
      expect(typeof code, String(code)).toBe('number');
      await waitFor(() => survivors(tree).length === 0, 'its processes to end', 5000);
      expect(existsSync(paths.socket)).toBe(false);
    } finally {
      child.stdin?.end();
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }, TEST_TIMEOUT);

  // When the brum it bridges to is replaced (the person quits the TUI and starts it again), the bridge reads the new
  // token and goes on working; the agent need not restart brum mcp.
  it('(d) the bridge reaches a brum that replaced the one it bridged to', async () => {
    const proj = project();
    const paths = instancePaths(proj.dir, proj.env);
    let run: BrumProcess | null = startBrum(['run', '-C', proj.dir], { cwd: proj.dir, env: proj.env });
    try {
      await run.waitForOutput('worker up', LONG);
      const mcp = await connectMcp(proj);
      expect(((await tool(mcp.client, 'list_processes')).structured.processes as PView[])[0]?.name).toBe('web');
      // When the person stops that brum and starts another in the project
      run.child.kill('SIGINT');
      expect(await run.exited()).toBe(130);
      expect(existsSync(paths.token)).toBe(false);
      run = startBrum(['run', '-C', proj.dir], { cwd: proj.dir, env: proj.env });
      await run.waitForOutput('worker up', LONG);
      // Then the agent's next call reaches the new one
      const r = await mcp.client.callTool({ name: 'list_processes', arguments: {} });
      expect((r.content as Array<{ text: string }>)[0]?.text).not.toMatch(/unauthorized/);
      expect(r.isError).not.toBe(true);
    } finally {
      run?.child.kill('SIGINT');
      await run?.exited().catch(() => undefined);
    }
  }, TEST_TIMEOUT);

  // A broken project file is one line and exit 2, as for every other command (the UserError comes from the MCP
  // bundle, whose class the CLI bundle knows by name).
  it('(e) a broken brum.yaml: brum mcp exits 2 with the one line, as brum run does', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-e2e-bad-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'brum.yaml'), 'processes:\n  web:\n    commandx: node server.js\n');
    const run = spawnSync(process.execPath, [BIN, 'run', '-C', dir], { encoding: 'utf8', env: { ...process.env, BRUM_RUNTIME_DIR: path.join(dir, 'rt') } });
    const mcp = spawnSync(process.execPath, [BIN, 'mcp', '-C', dir], { encoding: 'utf8', input: '', env: { ...process.env, BRUM_RUNTIME_DIR: path.join(dir, 'rt') } });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/^brum: .*brum\.yaml:3:5: processes\.web: unknown key "commandx"/);
    expect({ status: mcp.status, stderr: mcp.stderr, stdout: mcp.stdout }).toEqual({ status: 2, stderr: run.stderr, stdout: '' });
  });
});
