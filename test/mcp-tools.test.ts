// brum's MCP tools end to end in one process: a real brum (real child processes, its control API on a unix socket
// in a temp runtime folder) and the MCP server over it, driven by the SDK's own Client over its in-memory transport.
// Every tool's happy path against the facts the brum holds; bad arguments (unknown process with a suggestion, bad
// regex, missing or out-of-range arguments) as tool errors with the server still serving; and bounded answers over a
// log of a million lines (default and maximum line counts, a bounded search, long lines cut).
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
import { createBrum, type Brum, type BrumOptions } from '../src/runtime/brum';
import type { ProcessDef } from '../src/runtime/types';
import { ROOT } from './helpers/brum';
import { survivors, waitFor } from './helpers/proc-tree';

const APP = path.join(ROOT, 'test/fixtures/mcp/app.mjs');
const TOOL_NAMES = [
  'list_errors',
  'list_processes',
  'list_urls',
  'read_logs',
  'restart_process',
  'search_logs',
  'start_process',
  'stop_process',
  'wait_for',
];

interface World {
  readonly dir: string;
  readonly runtime: string;
  readonly env: NodeJS.ProcessEnv;
  readonly brum: Brum;
  readonly instance: Instance;
  readonly server: McpServer;
  readonly client: Client;
  /** Every pid any process of this brum had. */
  readonly pids: number[];
}

function app(id: string, steps: readonly string[], extra: Partial<ProcessDef> = {}): ProcessDef {
  return {
    id,
    name: id,
    command: `node app.mjs ${steps.join(' ')}`,
    cwd: ROOT,
    launch: { kind: 'file', file: process.execPath, args: [APP, ...steps] },
    ...extra,
  };
}

/** A brum with `defs` (those with autostart not false started), its API on a socket, and an MCP client on it. */
async function world(defs: ProcessDef[], logs?: BrumOptions['logs']): Promise<World> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-tools-'));
  const runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
  const env = { ...process.env, BRUM_RUNTIME_DIR: runtime };
  const brum = createBrum({ defs, killTimeoutMs: 3000, ...(logs ? { logs } : {}) });
  const pids: number[] = [];
  brum.store.subscribe((s) => {
    for (const id of s.order) {
      const pid = s.processes[id]?.pid;
      if (pid != null && !pids.includes(pid)) pids.push(pid);
    }
  });
  const instance = await startInstance(brum, { projectDir: dir, version: 'test', onLost: () => undefined, env });
  for (const d of defs) if (d.autostart !== false) void brum.controls.start(d.id);
  const server = createMcpServer(new BrumTools(ApiClient.connect(dir, env)));
  const client = new Client({ name: 'mcp-tools-test', version: '0.0.1' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverSide), client.connect(clientSide)]);
  return { dir, runtime, env, brum, instance, server, client, pids };
}

/** Closes the client, the server, the API and the brum; then nothing it started is left, nor its socket. */
async function teardown(w: World | undefined): Promise<void> {
  if (!w) return;
  await w.client.close();
  await w.server.close();
  await w.brum.controls.stopAll();
  await w.brum.supervisor.settled();
  await w.instance.close();
  await w.brum.close();
  const socket = w.instance.socket;
  rmSync(w.dir, { recursive: true, force: true });
  rmSync(w.runtime, { recursive: true, force: true });
  expect(survivors(w.pids)).toEqual([]);
  expect(existsSync(socket)).toBe(false);
}

interface Called {
  readonly isError: boolean;
  readonly text: string;
  readonly structured: Record<string, unknown>;
}

/** One tool call: its text, whether it is an error, and its structured content (checked by the Client against the tool's output schema). */
async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Called> {
  const r = await client.callTool({ name, arguments: args });
  const content = r.content as Array<{ type: string; text?: string }>;
  expect(content).toHaveLength(1);
  expect(content[0]?.type).toBe('text');
  return { isError: r.isError === true, text: content[0]?.text ?? '', structured: (r.structuredContent ?? {}) as Record<string, unknown> };
}

async function ok(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Called> {
  const r = await call(client, name, args);
  expect(r.isError, `${name} ${JSON.stringify(args)}: ${r.text}`).toBe(false);
  // The text and the structured content say the same: every structured answer is there next to the text
  expect(Object.keys(r.structured).length).toBeGreaterThan(0);
  return r;
}

async function fails(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const r = await call(client, name, args);
  expect(r.isError, `${name} ${JSON.stringify(args)} should be a tool error, got: ${r.text}`).toBe(true);
  expect(r.structured).toEqual({});
  return r.text;
}

interface PView {
  name: string;
  status: string;
  pid: number | null;
  restarts: number;
  ready: boolean | null;
  exitCode: number | null;
  lines: number;
  urls: string[];
  errors: number;
}
interface LView {
  seq: number;
  name: string;
  stream: string;
  ts: string;
  text: string;
}

const state = (w: World, id: string) => {
  const p = w.brum.store.getState().processes[id];
  if (p === undefined) throw new Error(`no process ${id}`);
  return p;
};

// ---------------------------------------------------------------------------------------------------------------

describe('the nine tools over a live brum', () => {
  let w: World;
  let say = '';

  beforeAll(async () => {
    say = path.join(mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-say-')), 'web.say');
    writeFileSync(say, '');
    // Given web (ready when it prints "listening", prints a URL and a TypeScript error, then echoes the say file),
    // worker, wide (a 50 KB line), and, not started (autostart: false), once and crash (exits 1 before it is ready)
    w = await world([
      app(
        'web',
        [
          'print:web starting',
          'print:src/server.ts(12,5): error TS2322: Type \'string\' is not assignable to type \'number\'.',
          'print:web listening on http://localhost:4321/',
          'print:hello from web',
          `say:${say}`,
        ],
        { ready: { check: { kind: 'log', pattern: 'listening' }, periodMs: 100, timeoutMs: 10_000 } },
      ),
      app('worker', ['print:worker up', 'print:HELLO from worker']),
      app('wide', ['print:wide begins', 'long:50000', 'print:wide done']),
      app('once', ['print:once up'], { autostart: false }),
      app('crash', ['print:crash: cannot bind', 'exit:1'], {
        autostart: false,
        ready: { check: { kind: 'log', pattern: 'listening' }, periodMs: 100, timeoutMs: 10_000 },
      }),
    ]);
    await waitFor(
      () =>
        state(w, 'web').readiness?.state === 'ready' &&
        (w.brum.store.getState().urls.web ?? []).length > 0 &&
        (w.brum.store.getState().errors.web ?? []).length > 0 &&
        (w.brum.store.getState().logs.web?.lines ?? 0) >= 4 &&
        w.brum.logs.tail('worker', 10).some((e) => e.text === 'HELLO from worker') &&
        w.brum.logs.tail('wide', 10).some((e) => e.text === 'wide done'),
      'web ready with its URL and error, worker and wide printed',
      15_000,
    );
  });

  afterAll(async () => {
    await teardown(w);
    rmSync(path.dirname(say), { recursive: true, force: true });
  });

  it('lists the nine tools, each with a description, an input schema and an output schema', async () => {
    const { tools } = await w.client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(TOOL_NAMES);
    for (const t of tools) {
      // A description an agent can act on: a sentence or more
      expect(t.description?.length ?? 0, t.name).toBeGreaterThan(30);
      expect(t.inputSchema.type, t.name).toBe('object');
      expect(t.outputSchema?.type, t.name).toBe('object');
      expect(Object.keys(t.outputSchema?.properties ?? {}).length, t.name).toBeGreaterThan(0);
    }
    const byName = new Map(tools.map((t) => [t.name, t]));
    const props = (name: string) => (byName.get(name)?.inputSchema.properties ?? {}) as Record<string, Record<string, unknown>>;
    const required = (name: string) => [...(byName.get(name)?.inputSchema.required ?? [])].sort();
    // The arguments are the contract: names, which are required, and the bounds
    expect(Object.keys(props('read_logs')).sort()).toEqual(['after', 'limit', 'name']);
    expect(required('read_logs')).toEqual([]);
    expect(props('read_logs').limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 1000 });
    expect(Object.keys(props('search_logs')).sort()).toEqual(['limit', 'name', 'pattern', 'regex']);
    expect(required('search_logs')).toEqual(['pattern']);
    expect(props('search_logs').limit).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    expect(Object.keys(props('wait_for')).sort()).toEqual(['name', 'pattern', 'timeout_ms', 'until']);
    expect(required('wait_for')).toEqual(['name', 'until']);
    expect(props('wait_for').until).toMatchObject({ enum: ['running', 'ready', 'exited', 'log'] });
    for (const t of ['start_process', 'stop_process', 'restart_process']) {
      expect(Object.keys(props(t)), t).toEqual(['name']);
      expect(required(t), t).toEqual(['name']);
    }
    for (const t of ['list_processes', 'list_urls']) expect(Object.keys(props(t)), t).toEqual([]);
    // Reading tools say so; stop and restart are marked destructive
    for (const t of ['list_processes', 'read_logs', 'search_logs', 'list_errors', 'list_urls', 'wait_for']) {
      expect(byName.get(t)?.annotations?.readOnlyHint, t).toBe(true);
    }
    expect(byName.get('stop_process')?.annotations?.destructiveHint).toBe(true);
    expect(byName.get('restart_process')?.annotations?.destructiveHint).toBe(true);
    expect(byName.get('start_process')?.annotations?.destructiveHint).toBe(false);
  });

  it('list_processes: every process with the facts the brum holds, as text and as structured content', async () => {
    const r = await ok(w.client, 'list_processes');
    const processes = r.structured.processes as PView[];
    expect(processes.map((p) => p.name)).toEqual(['web', 'worker', 'wide', 'once', 'crash']);
    const web = processes[0] as PView;
    expect(web).toMatchObject({ name: 'web', status: 'running', pid: state(w, 'web').pid, ready: true, restarts: 0, exitCode: null, errors: 1 });
    expect(web.urls).toEqual(['http://localhost:4321/']);
    expect(web.lines).toBeGreaterThanOrEqual(4);
    expect(processes[1]).toMatchObject({ name: 'worker', status: 'running', pid: state(w, 'worker').pid });
    expect(processes[3]).toMatchObject({ name: 'once', status: 'idle', pid: null, ready: null });
    // One line per process in the text, with what an agent needs first
    const lines = r.text.split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(new RegExp(`^web: running, pid ${web.pid}, ready in \\d+\\.\\d\\d s, http://localhost:4321/, 1 error$`));
    expect(lines[3]).toBe('once: idle');
  });

  it('start_process, stop_process and restart_process act through the command layer and answer once done', async () => {
    // When once is started
    const started = await ok(w.client, 'start_process', { name: 'once' });
    // Then it runs, with the pid the brum has, and the answer says the state was reached
    expect(started.structured.reached).toBe(true);
    expect(started.structured.process).toMatchObject({ name: 'once', status: 'running', pid: state(w, 'once').pid, ready: true });
    expect(started.text).toMatch(/^once started: once: running, pid \d+/);
    const firstPid = state(w, 'once').pid as number;
    // When it is restarted: a new run with a new pid, one restart counted
    const restarted = await ok(w.client, 'restart_process', { name: 'once' });
    expect(restarted.structured.reached).toBe(true);
    const after = restarted.structured.process as PView;
    expect(after).toMatchObject({ status: 'running', restarts: 1 });
    expect(after.pid).not.toBe(firstPid);
    expect(after.pid).toBe(state(w, 'once').pid);
    expect(survivors([firstPid])).toEqual([]);
    expect(restarted.text).toMatch(/^once restarted: once: running, pid \d+, .*1 restart$/);
    // When it is stopped: down, and its process gone
    const stopped = await ok(w.client, 'stop_process', { name: 'once' });
    expect(stopped.structured.reached).toBe(true);
    expect((stopped.structured.process as PView).status).toMatch(/^(exited|failed)$/);
    expect(state(w, 'once').status).toBe((stopped.structured.process as PView).status);
    expect(survivors([after.pid as number])).toEqual([]);
    expect(stopped.text).toMatch(/^once stopped: once: /);
    // And stopping what is already down is fine (reached: it is down)
    expect((await ok(w.client, 'stop_process', { name: 'once' })).structured.reached).toBe(true);
  });

  it('start_process of a process that fails before it is ready: not an error, reached: false, with its exit', async () => {
    const r = await ok(w.client, 'start_process', { name: 'crash' });
    expect(r.structured.reached).toBe(false);
    expect(r.structured.process).toMatchObject({ name: 'crash', status: 'failed', exitCode: 1 });
    expect(r.text).toMatch(/^crash was not started as asked: crash: failed, .*exit 1/);
  });

  it('read_logs: the newest lines of one process or all, and a cursor that reads on from there', async () => {
    // One process: its lines, in order, colours removed, with seq, stream and time
    const web = await ok(w.client, 'read_logs', { name: 'web' });
    const lines = web.structured.lines as LView[];
    expect(lines.map((l) => l.text)).toEqual([
      'web starting',
      "src/server.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      'web listening on http://localhost:4321/',
      'hello from web',
    ]);
    for (const l of lines) {
      expect(l).toMatchObject({ name: 'web', stream: 'stdout' });
      expect(new Date(l.ts).toISOString()).toBe(l.ts);
    }
    expect(lines.map((l) => l.seq)).toEqual([...lines.map((l) => l.seq)].sort((a, b) => a - b));
    expect(web.structured.next).toBe(lines.at(-1)?.seq);
    expect(web.structured.missed).toBe(0);
    expect(web.text).toBe(`${lines.map((l) => l.text).join('\n')}\n(4 lines; read on with after=${lines.at(-1)?.seq})`);
    // limit: the newest n
    const two = await ok(w.client, 'read_logs', { name: 'web', limit: 2 });
    expect((two.structured.lines as LView[]).map((l) => l.text)).toEqual(['web listening on http://localhost:4321/', 'hello from web']);
    // Nothing new since the cursor
    const cursor = web.structured.next as number;
    const none = await ok(w.client, 'read_logs', { name: 'web', after: cursor });
    expect(none.structured).toEqual({ lines: [], next: cursor, missed: 0 });
    expect(none.text).toBe(`No new lines. (0 lines; read on with after=${cursor})`);
    // When web prints two more lines, Then reading after the cursor gives exactly those, and a new cursor
    appendFileSync(say, 'request 1 done\nrequest 2 done\n');
    const more = await waitFor(async () => {
      const r = await ok(w.client, 'read_logs', { name: 'web', after: cursor });
      return (r.structured.lines as LView[]).length >= 2 ? r : null;
    }, 'the two new lines');
    const fresh = more.structured.lines as LView[];
    expect(fresh.map((l) => l.text)).toEqual(['request 1 done', 'request 2 done']);
    expect(fresh[0]?.seq).toBeGreaterThan(cursor);
    expect(more.structured.next).toBe(fresh[1]?.seq);
    // All processes, merged: each line names its process, in the text too
    const all = await ok(w.client, 'read_logs', {});
    const merged = all.structured.lines as LView[];
    expect(new Set(merged.map((l) => l.name))).toEqual(new Set(w.brum.logs.tail(null, 100).map((e) => e.proc)));
    expect([...new Set(merged.map((l) => l.name))]).toEqual(expect.arrayContaining(['web', 'worker', 'wide']));
    expect(merged.map((l) => l.seq)).toEqual(w.brum.logs.tail(null, 100).map((e) => e.seq));
    expect(merged.map((l) => l.seq)).toEqual([...merged.map((l) => l.seq)].sort((a, b) => a - b));
    expect(all.text).toContain('[worker] HELLO from worker');
    expect(all.text).toContain('[web] request 2 done');
  });

  it('search_logs: plain text (case-insensitive) or a regex, in one process or all, oldest to newest', async () => {
    const hello = await ok(w.client, 'search_logs', { pattern: 'hello' });
    const matches = hello.structured.matches as Array<{ seq: number; name: string; text: string }>;
    // In the order they were printed (web and worker run side by side: either may have been first)
    expect(matches.map((m) => m.seq)).toEqual([...matches.map((m) => m.seq)].sort((a, b) => a - b));
    expect(matches.map((m) => [m.name, m.text]).sort()).toEqual([
      ['web', 'hello from web'],
      ['worker', 'HELLO from worker'],
    ]);
    expect(hello.structured.truncated).toBe(false);
    expect(hello.text).toBe(matches.map((m) => `[${m.name}] #${m.seq} ${m.text}`).join('\n'));
    // One process
    const inWorker = await ok(w.client, 'search_logs', { pattern: 'hello', name: 'worker' });
    expect((inWorker.structured.matches as Array<{ name: string }>).map((m) => m.name)).toEqual(['worker']);
    // A regex (case-insensitive too)
    const re = await ok(w.client, 'search_logs', { pattern: 'error TS\\d{4}', regex: true });
    expect((re.structured.matches as Array<{ text: string }>).map((m) => m.text)).toEqual([
      "src/server.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'.",
    ]);
    // The same text without regex: is taken literally (no match for the backslash pattern)
    const literal = await ok(w.client, 'search_logs', { pattern: 'error TS\\d{4}' });
    expect(literal.structured).toEqual({ matches: [], truncated: false });
    expect(literal.text).toBe('No line matches "error TS\\\\d{4}".');
    // limit: the newest n, marked truncated
    const one = await ok(w.client, 'search_logs', { pattern: 'hello', limit: 1 });
    expect(one.structured).toMatchObject({ truncated: true, matches: [matches[1]] });
    expect(one.text).toMatch(/\n\(the newest 1 matches; there are more\)$/);
  });

  it('list_errors: the errors detected in the output, with their location; per process', async () => {
    const r = await ok(w.client, 'list_errors');
    const seq: unknown = expect.any(Number);
    expect(r.structured.errors).toEqual([
      {
        name: 'web',
        seq,
        kind: 'ts',
        message: "TS2322: Type 'string' is not assignable to type 'number'.",
        location: { file: 'src/server.ts', line: 12, col: 5 },
        lines: ["src/server.ts(12,5): error TS2322: Type 'string' is not assignable to type 'number'."],
      },
    ]);
    expect(r.text).toBe("[web] TS2322: Type 'string' is not assignable to type 'number'. at src/server.ts:12:5");
    expect((await ok(w.client, 'list_errors', { name: 'web' })).structured.errors).toHaveLength(1);
    const none = await ok(w.client, 'list_errors', { name: 'worker' });
    expect(none.structured.errors).toEqual([]);
    expect(none.text).toBe('No errors detected.');
  });

  it('list_urls: the URLs the processes printed', async () => {
    const r = await ok(w.client, 'list_urls');
    expect(r.structured.urls).toEqual([{ name: 'web', url: 'http://localhost:4321/' }]);
    expect(r.text).toBe('[web] http://localhost:4321/');
  });

  it('a 50 KB line is cut to 1000 characters with a note, in read_logs and in search_logs, text and structured', async () => {
    const r = await ok(w.client, 'read_logs', { name: 'wide' });
    const lines = r.structured.lines as LView[];
    expect(lines.map((l) => l.text.length)).toEqual(['wide begins'.length, 1000 + '… [49000 more characters]'.length, 'wide done'.length]);
    const long = lines[1] as LView;
    expect(long.text).toBe(`${'0123456789'.repeat(100)}… [49000 more characters]`);
    // The brum itself holds the whole line: the cut is the tool's
    expect(w.brum.logs.tail('wide', 3)[1]?.text.length).toBe(50_000);
    expect(r.text).toContain(long.text);
    expect(r.text.length).toBeLessThan(1200);
    const found = await ok(w.client, 'search_logs', { pattern: '78901234567', name: 'wide' });
    expect(found.structured.matches).toEqual([{ seq: long.seq, name: 'wide', text: long.text }]);
    expect(found.text.length).toBeLessThan(1100);
    // And the whole answer stays small
    expect(JSON.stringify(r.structured).length).toBeLessThan(2000);
  });

  describe('bad arguments are tool errors the agent can act on, and the server keeps serving', () => {
    const SUGGEST = 'unknown process "wbe". Did you mean "web"? Known: web, worker, wide, once, crash';

    it.each([
      ['start_process', { name: 'wbe' }],
      ['stop_process', { name: 'wbe' }],
      ['restart_process', { name: 'wbe' }],
      ['read_logs', { name: 'wbe' }],
      ['search_logs', { pattern: 'x', name: 'wbe' }],
      ['wait_for', { name: 'wbe', until: 'running', timeout_ms: 50_000 }],
    ])('%s with an unknown process: the suggestion, at once', async (tool, args) => {
      const t0 = Date.now();
      expect(await fails(w.client, tool, args)).toBe(SUGGEST);
      // wait_for does not wait for a process that does not exist
      expect(Date.now() - t0).toBeLessThan(2000);
    });

    // A typo in list_errors' name must not answer "No errors detected.", which an agent takes for a clean process:
    // it is a tool error with the suggestion, like every other tool's.
    it('list_errors with an unknown process: the suggestion', async () => {
      expect(await fails(w.client, 'list_errors', { name: 'wbe' })).toBe(SUGGEST);
    });

    it('a name far from every process: no suggestion, the known names', async () => {
      expect(await fails(w.client, 'read_logs', { name: 'zzzzzzzz' })).toBe('unknown process "zzzzzzzz". Known: web, worker, wide, once, crash');
    });

    it('a bad regex, in search_logs and in wait_for', async () => {
      expect(await fails(w.client, 'search_logs', { pattern: '(unclosed', regex: true })).toMatch(/^bad pattern: invalid regex: .*Unterminated group/);
      expect(await fails(w.client, 'search_logs', { pattern: '[z-a]', regex: true })).toMatch(/^bad pattern: .*Range out of order/);
      expect(await fails(w.client, 'wait_for', { name: 'web', until: 'log', pattern: '(unclosed' })).toMatch(/^bad pattern: .*Unterminated group/);
      // The same text, not as a regex, is just text
      expect((await ok(w.client, 'search_logs', { pattern: '(unclosed' })).structured.matches).toEqual([]);
      // until log without a pattern
      expect(await fails(w.client, 'wait_for', { name: 'web', until: 'log' })).toBe('until "log" needs a pattern (a JavaScript regular expression)');
      expect(await fails(w.client, 'wait_for', { name: 'web', until: 'log', pattern: '' })).toMatch(/needs a pattern/);
    });

    it.each([
      ['start_process', {}, /expected string, received undefined.*\bname\b/s],
      ['search_logs', {}, /expected string, received undefined.*\bpattern\b/s],
      ['wait_for', { name: 'web' }, /\buntil\b/],
      ['wait_for', { until: 'running' }, /expected string, received undefined.*\bname\b/s],
    ])('%s with a required argument missing (%j): the schema says which', async (tool, args, why) => {
      const text = await fails(w.client, tool, args);
      expect(text).toMatch(/^MCP error -32602: Input validation error: Invalid arguments for tool /);
      expect(text).toMatch(why);
    });

    it.each([
      ['read_logs', { limit: 5000 }, /limit/],
      ['read_logs', { limit: 1001 }, /limit/],
      ['read_logs', { limit: 0 }, /limit/],
      ['read_logs', { limit: 2.5 }, /limit/],
      ['read_logs', { limit: '10' }, /limit/],
      ['read_logs', { after: -1 }, /after/],
      ['search_logs', { pattern: 'a', limit: 501 }, /limit/],
      ['search_logs', { pattern: '' }, /pattern/],
      ['search_logs', { pattern: 'a', regex: 'yes' }, /regex/],
      ['wait_for', { name: 'web', until: 'running', timeout_ms: -1 }, /timeout_ms/],
      ['wait_for', { name: 'web', until: 'running', timeout_ms: 600_001 }, /timeout_ms/],
      ['wait_for', { name: 'web', until: 'listening' }, /until/],
      ['start_process', { name: '' }, /name/],
      ['start_process', { name: 42 }, /name/],
    ])('%s %j is refused by its schema (no clamping), naming the argument', async (tool, args, which) => {
      const text = await fails(w.client, tool, args);
      expect(text).toMatch(/^MCP error -32602: Input validation error: /);
      expect(text).toMatch(which);
    });

    it('an unknown tool is an error too; after all of these the server still answers', async () => {
      expect(await fails(w.client, 'tail_logs_forever', {})).toMatch(/Tool tail_logs_forever not found/);
      const r = await ok(w.client, 'list_processes');
      expect((r.structured.processes as PView[]).map((p) => p.name)).toEqual(['web', 'worker', 'wide', 'once', 'crash']);
      expect(state(w, 'web').status).toBe('running');
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('bounded answers over a log of a million lines', () => {
  const N = 1_000_000;
  let w: World;

  beforeAll(async () => {
    // Given a process that printed 1,000,000 lines (every 1000th with "needle"), in a brum that keeps them all
    const big = 512 * 1024 * 1024;
    w = await world([app('flood', [`flood:${N}`])], {
      maxLinesPerProcess: 2 * N,
      maxBytesPerProcess: big,
      maxMergedLines: 2 * N,
      maxMergedBytes: big,
    });
    // (the store's line count is published a moment after the lines are in the log)
    await waitFor(
      () => w.brum.logs.tail('flood', 1)[0]?.text === `flood done: ${N} lines` && w.brum.store.getState().logs.flood?.lines === N + 1,
      'the flood to end',
      60_000,
      50,
    );
  }, 90_000);

  afterAll(async () => {
    await teardown(w);
  });

  it('read_logs with no limit: the newest 100 lines, the cursor at the last, none missed', async () => {
    const r = await ok(w.client, 'read_logs', { name: 'flood' });
    const lines = r.structured.lines as LView[];
    expect(lines).toHaveLength(100);
    expect(lines.at(-1)?.text).toBe(`flood done: ${N} lines`);
    expect(lines[0]?.text).toBe(`flood line ${N - 98}`);
    expect(r.structured.next).toBe(lines.at(-1)?.seq);
    expect(r.structured.missed).toBe(0);
    expect(r.text.split('\n')).toHaveLength(101);
    // All processes merged: 100 too
    expect((await ok(w.client, 'read_logs')).structured.lines).toHaveLength(100);
  });

  it('read_logs limit 1000 is the most; 5000 is refused by the schema, not clamped', async () => {
    const most = await ok(w.client, 'read_logs', { name: 'flood', limit: 1000 });
    expect(most.structured.lines).toHaveLength(1000);
    expect(JSON.stringify(most.structured).length).toBeLessThan(200_000);
    const text = await fails(w.client, 'read_logs', { name: 'flood', limit: 5000 });
    expect(text).toMatch(/^MCP error -32602: Input validation error: .*Too big: expected number to be <=1000.*limit/s);
  });

  it('read_logs by cursor from the start walks the log 100 lines at a time, in order, none missed', async () => {
    const first = (await ok(w.client, 'read_logs', { name: 'flood', after: 0 })).structured;
    const lines = first.lines as LView[];
    expect(lines.map((l) => l.text)).toEqual(Array.from({ length: 100 }, (_, i) => `flood line ${i + 1}`));
    expect(first.missed).toBe(0);
    const second = (await ok(w.client, 'read_logs', { name: 'flood', after: first.next as number, limit: 1000 })).structured;
    const next = second.lines as LView[];
    expect(next).toHaveLength(1000);
    expect(next[0]?.text).toBe('flood line 101');
    expect(next.at(-1)?.text).toBe('flood line 1100');
    expect(next[0]?.seq).toBe((lines.at(-1)?.seq ?? 0) + 1);
  });

  it('search_logs over the million lines: at most the limit, the newest, truncated', async () => {
    // 1000 lines say "needle": the default 50, the newest
    const t0 = performance.now();
    const needles = await ok(w.client, 'search_logs', { pattern: 'needle', name: 'flood' });
    const took = performance.now() - t0;
    const matches = needles.structured.matches as Array<{ text: string }>;
    expect(matches).toHaveLength(50);
    expect(needles.structured.truncated).toBe(true);
    expect(matches.at(-1)?.text).toBe(`flood line ${N} needle ${N}`);
    expect(matches[0]?.text).toBe(`flood line ${N - 49_000} needle ${N - 49_000}`);
    expect(needles.text.split('\n').at(-1)).toBe('(the newest 50 matches; there are more)');
    // Every line matches: the most is 500
    const every = await ok(w.client, 'search_logs', { pattern: 'flood', limit: 500 });
    expect(every.structured.matches).toHaveLength(500);
    expect(every.structured.truncated).toBe(true);
    expect(JSON.stringify(every.structured).length).toBeLessThan(100_000);
    // A regex that matches few lines scans all million: still an answer, and not truncated
    const t1 = performance.now();
    const rare = await ok(w.client, 'search_logs', { pattern: '^flood line 12345\\d?$', regex: true });
    const scanAll = performance.now() - t1;
    expect((rare.structured.matches as Array<{ text: string }>).map((m) => m.text)).toEqual(['flood line 12345', ...Array.from({ length: 10 }, (_, i) => `flood line 12345${i}`)]);
    expect(rare.structured.truncated).toBe(false);
    // And the limit itself is bounded by the schema
    expect(await fails(w.client, 'search_logs', { pattern: 'flood', limit: 5000 })).toMatch(/Too big: expected number to be <=500/);
    console.log(`search_logs over ${N} lines: newest 50 of 1000 matches ${took.toFixed(0)} ms; a full scan (regex, 11 matches) ${scanAll.toFixed(0)} ms`);
  });
});

describe('a log that outgrew the store', () => {
  let w: World;

  beforeAll(async () => {
    // Given a process that printed 1000 lines into a store that keeps 100 per process
    w = await world([app('chatty', ['flood:1000'])], { maxLinesPerProcess: 100, maxMergedLines: 100 });
    await waitFor(() => w.brum.logs.tail('chatty', 1)[0]?.text === 'flood done: 1000 lines', 'the 1000 lines');
  });

  afterAll(async () => {
    await teardown(w);
  });

  it('read_logs from an evicted cursor says how many lines were missed, and reads on from the oldest kept', async () => {
    // From the start: 901 lines were evicted; the count is exact up to the view's line cap (100) and the cap beyond
    // it (LogStore.after: "a reader further behind is told the cap")
    const r = await ok(w.client, 'read_logs', { name: 'chatty', after: 0, limit: 10 });
    const lines = r.structured.lines as LView[];
    expect(r.structured.missed).toBe(100);
    expect(lines.map((l) => l.text)).toEqual(Array.from({ length: 10 }, (_, i) => `flood line ${902 + i}`));
    expect(r.text.split('\n').at(-1)).toBe(`(10 lines; read on with after=${lines.at(-1)?.seq}; 100 older lines were evicted before this read)`);
    // From a cursor 51 lines behind the oldest kept: exactly 51
    const oldest = lines[0]?.seq ?? 0;
    const near = await ok(w.client, 'read_logs', { name: 'chatty', after: oldest - 52, limit: 1 });
    expect(near.structured.missed).toBe(51);
    expect((near.structured.lines as LView[])[0]?.seq).toBe(oldest);
    // Read on: nothing more missed
    const next = await ok(w.client, 'read_logs', { name: 'chatty', after: r.structured.next as number, limit: 10 });
    expect(next.structured.missed).toBe(0);
    expect((next.structured.lines as LView[])[0]?.text).toBe('flood line 912');
  });
});
