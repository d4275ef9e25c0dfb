// wait_for, the MCP tool agents use instead of `sleep 5`: until a process is running, ready (its probe passed) or
// exited, or until a line matching a regex appears in its log after the call began; never longer than its timeout,
// after which it answers reached: false with the process's current state. Against a real brum with real processes,
// its API on a socket, the SDK's Client over the in-memory transport.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../src/control/api-client';
import { startInstance, type Instance } from '../src/control/instance';
import { createMcpServer } from '../src/mcp/server';
import { BrumTools } from '../src/mcp/tools';
import { createBrum, type Brum } from '../src/runtime/brum';
import type { ProcessDef } from '../src/runtime/types';
import { ROOT } from './helpers/brum';
import { survivors, waitFor } from './helpers/proc-tree';

const APP = path.join(ROOT, 'test/fixtures/mcp/app.mjs');
/** What a wait may take beyond its timeout: the last look (three API calls) on a busy 2-core machine. */
const MARGIN_MS = 1000;

function app(id: string, steps: readonly string[], extra: Partial<ProcessDef> = {}): ProcessDef {
  return {
    id,
    name: id,
    command: `node app.mjs ${steps.join(' ')}`,
    cwd: ROOT,
    launch: { kind: 'file', file: process.execPath, args: [APP, ...steps] },
    autostart: false,
    ...extra,
  };
}
const logProbe = (pattern: string, timeoutMs = 15_000): ProcessDef['ready'] => ({ check: { kind: 'log', pattern }, periodMs: 100, timeoutMs });

let dir = '';
let runtime = '';
let brum: Brum;
let instance: Instance;
let server: McpServer;
let client: Client;
let say = '';
const pids: number[] = [];
/** Every API request the tools made, in order: "GET /v1/logs?after=…". */
const requests: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-wait-'));
  runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
  say = path.join(dir, 'talker.say');
  writeFileSync(say, '');
  const env = { ...process.env, BRUM_RUNTIME_DIR: runtime };
  brum = createBrum({
    defs: [
      // ready 700 ms after it starts, when it prints "listening"
      app('slow', ['sleep:700', 'print:slow listening on 4000'], { ready: logProbe('listening') }),
      // waits for slow to be ready
      app('api', ['print:api up'], { dependsOn: [{ id: 'slow', condition: 'ready', restart: false }] }),
      // printed "build finished" before any wait began; then prints whatever the test appends to its say file
      app('talker', ['print:build finished in 9 ms', `say:${say}`], { autostart: true }),
      app('job', ['sleep:600', 'exit:3']),
      app('oneshot', ['print:migrated', 'exit:0']),
      // never ready: its probe waits for a line it never prints
      app('never', ['print:never starting'], { ready: logProbe('never-printed', 60_000) }),
    ],
    killTimeoutMs: 3000,
  });
  brum.store.subscribe((s) => {
    for (const id of s.order) {
      const pid = s.processes[id]?.pid;
      if (pid != null && !pids.includes(pid)) pids.push(pid);
    }
  });
  instance = await startInstance(brum, { projectDir: dir, version: 'test', onLost: () => undefined, env });
  void brum.controls.start('talker');
  // The API client the tools use, with every request written down (to know when a wait has begun looking)
  const api = ApiClient.connect(dir, env);
  const get = api.get.bind(api);
  api.get = (p, q = {}) => {
    requests.push(`GET ${p}?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => typeof e[1] === 'string')).toString()}`);
    return get(p, q);
  };
  server = createMcpServer(new BrumTools(api));
  client = new Client({ name: 'mcp-wait-test', version: '0.0.1' });
  const [c, s] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(s), client.connect(c)]);
  await waitFor(() => brum.logs.tail('talker', 1)[0]?.text === 'build finished in 9 ms', 'talker to print its first line');
});

afterAll(async () => {
  await client.close();
  await server.close();
  await brum.controls.stopAll();
  await brum.supervisor.settled();
  await instance.close();
  await brum.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(runtime, { recursive: true, force: true });
  expect(survivors(pids)).toEqual([]);
});

interface Waited {
  readonly ms: number;
  readonly isError: boolean;
  readonly text: string;
  readonly reached: boolean;
  readonly process: Record<string, unknown>;
  readonly line?: { seq: number; name: string; text: string };
}

async function waitTool(args: Record<string, unknown>): Promise<Waited> {
  const t0 = performance.now();
  const r = await client.callTool({ name: 'wait_for', arguments: args });
  const ms = performance.now() - t0;
  const text = (r.content as Array<{ text: string }>)[0]?.text ?? '';
  const s = (r.structuredContent ?? {}) as { reached?: boolean; process?: Record<string, unknown>; line?: Waited['line'] };
  return { ms, isError: r.isError === true, text, reached: s.reached === true, process: s.process ?? {}, ...(s.line ? { line: s.line } : {}) };
}

const proc = (id: string) => {
  const p = brum.store.getState().processes[id];
  if (p === undefined) throw new Error(`no process ${id}`);
  return p;
};

describe('wait_for', () => {
  it('ready: answers once the probe passed, not before; running: once a waiting dependent runs', async () => {
    // Given api, which waits for slow to be ready, started (so slow starts too, and is ready ~700 ms later)
    let readyAt = 0;
    const off = brum.store.subscribe((s) => {
      if (readyAt === 0 && s.processes.slow?.readiness?.state === 'ready') readyAt = performance.now();
    });
    void brum.controls.start('api');
    await waitFor(() => proc('slow').status === 'running', 'slow to run');
    expect(proc('slow').readiness?.state).not.toBe('ready');
    expect(proc('api').status).toBe('waiting');
    // When an agent waits for slow to be ready, and for api to run
    const [ready, running] = await Promise.all([
      waitTool({ name: 'slow', until: 'ready', timeout_ms: 15_000 }),
      waitTool({ name: 'api', until: 'running', timeout_ms: 15_000 }),
    ]);
    const answeredAt = performance.now();
    off();
    // Then slow is ready, and the answer came after that (within the tool's 100 ms look, plus a busy machine)
    expect(ready).toMatchObject({ isError: false, reached: true, process: { name: 'slow', status: 'running', ready: true } });
    expect(ready.process.readyMs).toBeGreaterThanOrEqual(650);
    expect(readyAt).toBeGreaterThan(0);
    expect(answeredAt).toBeGreaterThanOrEqual(readyAt);
    expect(ready.ms).toBeGreaterThanOrEqual(400);
    expect(ready.text).toMatch(/^slow is ready: slow: running, pid \d+, ready in \d\.\d\d s$/);
    // And api runs, started after slow was ready
    expect(running).toMatchObject({ isError: false, reached: true, process: { name: 'api', status: 'running', waitingFor: null } });
    expect(running.text).toMatch(/^api is running: api: running, pid \d+/);
    expect(Date.parse(String(running.process.startedAt))).toBeGreaterThanOrEqual(Date.parse(String(ready.process.startedAt)) + 600);
    // And a wait for what already holds answers at once
    const again = await waitTool({ name: 'slow', until: 'ready', timeout_ms: 15_000 });
    expect(again.reached).toBe(true);
    expect(again.ms).toBeLessThan(500);
  });

  it('log: a line printed after the call began counts; a line printed before it does not', async () => {
    // Given talker printed "build finished in 9 ms" before any wait began
    const before = brum.logs.tail('talker', 1)[0];
    expect(before?.text).toBe('build finished in 9 ms');
    // When an agent waits for /build finished/ for 800 ms and talker prints nothing new, Then it times out
    const old = await waitTool({ name: 'talker', until: 'log', pattern: 'build finished', timeout_ms: 800 });
    expect(old).toMatchObject({ isError: false, reached: false, process: { name: 'talker', status: 'running' } });
    expect(old.line).toBeUndefined();
    expect(old.ms).toBeGreaterThanOrEqual(800);
    expect(old.text).toMatch(/^Timed out after 0\.8 s waiting for talker: a line matching \/build finished\/\. Now: talker: running, pid \d+$/);

    // When an agent waits for a regex and, once the wait has looked at the log, talker prints an unrelated line and
    // then a matching one
    requests.length = 0;
    const pending = waitTool({ name: 'talker', until: 'log', pattern: 'build (finished|failed) in \\d+ ms', timeout_ms: 20_000 });
    await waitFor(() => requests.some((r) => r.startsWith('GET /v1/logs?') && r.includes('after=')), 'the wait to have read the log after its cursor');
    appendFileSync(say, 'compiling 3 files\nbuild failed in 31 ms\nbuild finished in 40 ms\n');
    const hit = await pending;
    // Then it answers with the first matching line after the call began
    expect(hit).toMatchObject({ isError: false, reached: true, process: { name: 'talker', status: 'running' } });
    expect(hit.line).toMatchObject({ name: 'talker', text: 'build failed in 31 ms' });
    expect(hit.line?.seq).toBeGreaterThan(before?.seq ?? Infinity);
    expect(hit.text).toBe('talker printed: build failed in 31 ms');
    expect(brum.logs.entry(hit.line?.seq ?? 0)?.text).toBe('build failed in 31 ms');
    // The regex is matched against lines whose colours were removed, case-sensitively (unlike search_logs)
    requests.length = 0;
    const cased = waitTool({ name: 'talker', until: 'log', pattern: 'DEPLOYED', timeout_ms: 20_000 });
    await waitFor(() => requests.some((r) => r.startsWith('GET /v1/logs?') && r.includes('after=')), 'the second wait to have read the log');
    appendFileSync(say, 'deployed (lower case)\n\u001b[32mDEPLOYED\u001b[39m v2\n');
    const colored = await cased;
    expect(colored.line?.text).toBe('DEPLOYED v2');
  });

  it('log: a match among more than a thousand new lines is found (the wait reads on by cursor)', async () => {
    requests.length = 0;
    const pending = waitTool({ name: 'talker', until: 'log', pattern: '^needle$', timeout_ms: 20_000 });
    await waitFor(() => requests.some((r) => r.startsWith('GET /v1/logs?') && r.includes('after=')), 'the wait to have read the log');
    appendFileSync(say, `${Array.from({ length: 2500 }, (_, i) => `hay ${i}`).join('\n')}\nneedle\n`);
    const hit = await pending;
    expect(hit).toMatchObject({ reached: true, line: { text: 'needle' } });
  });

  it('exited: answers when the process ends, with its exit code, whether it failed or succeeded', async () => {
    // Given job, which exits 3 about 600 ms after it starts
    void brum.controls.start('job');
    await waitFor(() => proc('job').status === 'running', 'job to run');
    const failed = await waitTool({ name: 'job', until: 'exited', timeout_ms: 15_000 });
    expect(failed).toMatchObject({ isError: false, reached: true, process: { name: 'job', status: 'failed', exitCode: 3 } });
    expect(failed.ms).toBeGreaterThanOrEqual(300);
    expect(failed.text).toMatch(/^job is exited: job: failed, .*exit 3/);
    // And a one-shot that exits 0
    void brum.controls.start('oneshot');
    const done = await waitTool({ name: 'oneshot', until: 'exited', timeout_ms: 15_000 });
    expect(done).toMatchObject({ reached: true, process: { name: 'oneshot', status: 'exited', exitCode: 0 } });
    // And one that has already ended answers at once
    const already = await waitTool({ name: 'job', until: 'exited', timeout_ms: 15_000 });
    expect(already.reached).toBe(true);
    expect(already.ms).toBeLessThan(500);
  });

  it('timeout: reached false within the timeout and a small margin, with the state now in the text', async () => {
    // A running process that does not exit
    const exit = await waitTool({ name: 'talker', until: 'exited', timeout_ms: 1000 });
    expect(exit).toMatchObject({ isError: false, reached: false, process: { name: 'talker', status: 'running', pid: proc('talker').pid } });
    expect(exit.ms).toBeGreaterThanOrEqual(1000);
    expect(exit.ms).toBeLessThan(1000 + MARGIN_MS);
    expect(exit.text).toBe(`Timed out after 1.0 s waiting for talker: exited. Now: talker: running, pid ${proc('talker').pid}`);
    // A process whose probe never passes
    void brum.controls.start('never');
    const ready = await waitTool({ name: 'never', until: 'ready', timeout_ms: 1500 });
    expect(ready).toMatchObject({ reached: false, process: { name: 'never', ready: false } });
    expect(ready.ms).toBeGreaterThanOrEqual(1500);
    expect(ready.ms).toBeLessThan(1500 + MARGIN_MS);
    expect(ready.text).toMatch(/^Timed out after 1\.5 s waiting for never: ready\. Now: never: (starting|running)/);
    // A process nobody started
    const idle = await waitTool({ name: 'oneshot', until: 'running', timeout_ms: 300 });
    expect(idle).toMatchObject({ reached: false, process: { status: 'exited' } });
    expect(idle.text).toBe('Timed out after 0.3 s waiting for oneshot: running. Now: oneshot: exited, exit 0');
    // timeout_ms 0: one look, at once
    const zero = await waitTool({ name: 'talker', until: 'exited', timeout_ms: 0 });
    expect(zero.reached).toBe(false);
    expect(zero.ms).toBeLessThan(500);
    expect(zero.text).toMatch(/^Timed out after 0\.0 s waiting for talker: exited\./);
  });

  it('a wait does not hold up other calls: list_processes answers while a wait is pending', async () => {
    const pending = waitTool({ name: 'talker', until: 'exited', timeout_ms: 2000 });
    const t0 = performance.now();
    const list = await client.callTool({ name: 'list_processes', arguments: {} });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(list.isError).not.toBe(true);
    expect((await pending).reached).toBe(false);
  });

  // A wait the client cancelled (notifications/cancelled, as the SDK's Client sends on abort or on its own request
  // timeout) stops polling the API at once, instead of going on until its timeout_ms.
  it('a cancelled wait stops looking', async () => {
    const controller = new AbortController();
    requests.length = 0;
    const pending = client
      .callTool({ name: 'wait_for', arguments: { name: 'talker', until: 'exited', timeout_ms: 3000 } }, undefined, { signal: controller.signal })
      .then(() => 'answered', (error: unknown) => String(error));
    await waitFor(() => requests.length > 0, 'the wait to begin');
    controller.abort();
    expect(await pending).toMatch(/AbortError/);
    // Then, beyond a look or two already under way when the cancel arrived, it asks the API for nothing more
    const atCancel = requests.length;
    const stillLooking = await waitFor(() => requests.length > atCancel + 4, 'more requests', 1000).then(
      () => true,
      () => false,
    );
    // (let the abandoned wait run out before the next test)
    await waitFor(() => {
      const n = requests.length;
      return new Promise<boolean>((r) => setTimeout(() => r(requests.length === n), 300));
    }, 'the abandoned wait to end', 5000);
    expect(stillLooking).toBe(false);
  });

  // A client gives up on a request after its timeout (the SDK's Client: 60 s by default) unless the server reports
  // progress: a long wait reports it about twice a second, so a client that resets its timeout on progress gets
  // the answer (reached: false) rather than a "Request timed out". Shown with a 1 s client timeout.
  it('a wait longer than the client\'s request timeout reports progress, so the client waits for the answer', async () => {
    let progress = 0;
    const t0 = performance.now();
    const answer = await client
      .callTool({ name: 'wait_for', arguments: { name: 'talker', until: 'exited', timeout_ms: 2500 } }, undefined, {
        timeout: 1000,
        resetTimeoutOnProgress: true,
        onprogress: () => void progress++,
      })
      .then(
        (r) => (r.structuredContent as { reached: boolean }).reached,
        (error: unknown) => String(error),
      );
    // (let the server's side of the wait run out before the next test)
    await new Promise((r) => setTimeout(r, Math.max(0, 2700 - (performance.now() - t0))));
    expect(answer).toBe(false);
    expect(progress).toBeGreaterThan(0);
  });
});
