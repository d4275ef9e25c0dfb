// `brum mcp --http PORT`: the MCP server over Streamable HTTP, on 127.0.0.1 only, behind the control API's checks:
// a Host or Origin that is not loopback is 403 (DNS rebinding), a missing or wrong bearer token is 401, and only the
// right token with a loopback Host gets an MCP answer. First serveMcpHttp in-process over a real brum and its API,
// then the real CLI (`bin/brum.js mcp --http PORT`, running the project itself) with the token from its token file.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../src/control/api-client';
import { startInstance, type Instance } from '../src/control/instance';
import { instancePaths } from '../src/control/instance-paths';
import { serveMcpHttp } from '../src/mcp/http';
import { BrumTools } from '../src/mcp/tools';
import { createBrum, type Brum } from '../src/runtime/brum';
import { BIN, ROOT } from './helpers/brum';
import { descendants, survivors, waitFor } from './helpers/proc-tree';
import { freePort, tryConnect } from './helpers/net';

const APP = path.join(ROOT, 'test/fixtures/mcp/app.mjs');

const INITIALIZE = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '0' } },
});

interface Reply {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/** One POST of `body` to 127.0.0.1:port/mcp with exactly these headers (plus the content type and length). */
function post(port: number, headers: Record<string, string>, body = INITIALIZE, route = '/mcp'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: route,
        agent: false,
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}



/** This machine's addresses other than loopback (where it has any); link-local IPv6 ones with their interface. */
function otherAddresses(): string[] {
  return Object.entries(os.networkInterfaces()).flatMap(([name, list]) =>
    (list ?? []).filter((a) => !a.internal).map((a) => (a.family === 'IPv6' && a.address.startsWith('fe80:') ? `${a.address}%${name}` : a.address)),
  );
}

/** The TCP listeners on `port` as ss shows them (local address column), e.g. ["127.0.0.1:4000"]. */
function listeners(port: number): string[] {
  const ss = spawnSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8' });
  if (ss.status !== 0) throw new Error(`ss failed: ${ss.stderr}`);
  return ss.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.trim().split(/\s+/)[3] ?? '');
}

async function connectClient(url: string, headers: Record<string, string>): Promise<Client> {
  const client = new Client({ name: 'mcp-http-test', version: '0.0.1' });
  await client.connect(new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }));
  return client;
}

/** A JSON-RPC answer, whether sent as plain JSON or as one server-sent event. */
function rpcOf(reply: Reply): Record<string, unknown> {
  const json = String(reply.headers['content-type']).startsWith('text/event-stream') ? (/^data: (.*)$/m.exec(reply.body)?.[1] ?? '') : reply.body;
  return JSON.parse(json) as Record<string, unknown>;
}

describe('serveMcpHttp over a live brum', () => {
  let dir = '';
  let runtime = '';
  let brum: Brum;
  let instance: Instance;
  let served: { port: number; close(): Promise<void> };
  const token = 'a-test-token-0123456789abcdef0123456789abcdef';
  const pids: number[] = [];

  beforeAll(async () => {
    // Given a brum running `web` with its API, and the MCP server on HTTP, port 0 (any free port)
    dir = mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-http-'));
    runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
    const env = { ...process.env, BRUM_RUNTIME_DIR: runtime };
    brum = createBrum({
      defs: [{ id: 'web', name: 'web', command: 'node app.mjs', cwd: ROOT, launch: { kind: 'file', file: process.execPath, args: [APP, 'print:web up'] } }],
    });
    instance = await startInstance(brum, { projectDir: dir, version: 'test', onLost: () => undefined, env });
    await brum.controls.start('web');
    pids.push(brum.store.getState().processes.web?.pid ?? 0);
    const tools = new BrumTools(ApiClient.connect(dir, env));
    served = await serveMcpHttp({ port: 0, token: () => token, tools: () => tools });
  });

  afterAll(async () => {
    await served.close();
    await brum.controls.stopAll();
    await brum.supervisor.settled();
    await instance.close();
    await brum.close();
    // Closed: nothing answers on the port any more
    expect(await tryConnect('127.0.0.1', served.port)).toBe('ECONNREFUSED');
    rmSync(dir, { recursive: true, force: true });
    rmSync(runtime, { recursive: true, force: true });
    expect(survivors(pids)).toEqual([]);
  });

  it('port 0 gives a real port; it listens on 127.0.0.1 only, and no other address of this machine answers', async () => {
    expect(served.port).toBeGreaterThan(0);
    expect(listeners(served.port)).toEqual([`127.0.0.1:${served.port}`]);
    const others = otherAddresses();
    for (const address of others) expect(await tryConnect(address, served.port), address).toBe('ECONNREFUSED');
    expect(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH']).toContain(await tryConnect('::1', served.port));
    expect(await tryConnect('127.0.0.1', served.port)).toBe('connected');
    console.log(`serveMcpHttp port ${served.port}: listeners ${listeners(served.port).join(' ')}; other addresses tried: ${others.join(', ') || '(none)'}`);
  });

  it('a foreign Host or Origin is 403, with or without the right token, before the MCP server sees the request', async () => {
    const port = served.port;
    const forbidden: Array<Record<string, string>> = [
      { host: 'evil.example' },
      { host: `evil.example:${port}` },
      { host: `localhost.evil.example:${port}` },
      { host: `192.0.2.1:${port}` },
      { host: `127.0.0.2:${port}` },
      { host: `localhost:${port}`, origin: 'http://evil.example' },
      { host: `127.0.0.1:${port}`, origin: `http://evil.example:${port}` },
      { host: `127.0.0.1:${port}`, origin: 'null' },
      { host: `127.0.0.1:${port}`, origin: 'http://localhost.evil.example' },
    ];
    for (const headers of forbidden) {
      for (const auth of [{ authorization: `Bearer ${token}` }, {}] as Array<Record<string, string>>) {
        const reply = await post(port, { ...headers, ...auth });
        expect(reply.status, JSON.stringify(headers)).toBe(403);
        expect(JSON.parse(reply.body)).toEqual({ error: 'forbidden: Host and Origin must be localhost, 127.0.0.1 or [::1]' });
      }
    }
  });

  it('no token, a wrong one or another scheme is 401', async () => {
    const port = served.port;
    const wrong = token.replace(/^./, 'b');
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${wrong}` },
      { authorization: `Bearer ${token.slice(0, 10)}` },
      { authorization: `Bearer ${token}x` },
      { authorization: `Basic ${Buffer.from(`brum:${token}`).toString('base64')}` },
    ];
    for (const headers of cases) {
      const reply = await post(port, { host: `127.0.0.1:${port}`, ...headers });
      expect(reply.status, JSON.stringify(headers)).toBe(401);
      expect(JSON.parse(reply.body)).toEqual({ error: 'unauthorized: send Authorization: Bearer <token>' });
    }
    // And through the SDK's client: the connect fails with the 401
    await expect(connectClient(`http://127.0.0.1:${port}/mcp`, {})).rejects.toThrow(/401|nauthorized/);
    await expect(connectClient(`http://127.0.0.1:${port}/mcp`, { authorization: `Bearer ${wrong}` })).rejects.toThrow(/401|nauthorized/);
  });

  it('the right token and a loopback Host: a raw initialize is answered, and the SDK client works (tools, a call)', async () => {
    const port = served.port;
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) {
      const reply = await post(port, { host, origin: `http://localhost:${port}`, authorization: `Bearer ${token}` });
      expect(reply.status, host).toBe(200);
      expect(rpcOf(reply)).toMatchObject({ jsonrpc: '2.0', id: 1, result: { serverInfo: { name: 'brum' } } });
    }
    const client = await connectClient(`http://127.0.0.1:${port}/mcp`, { authorization: `Bearer ${token}` });
    try {
      expect((await client.listTools()).tools).toHaveLength(9);
      const r = await client.callTool({ name: 'list_processes', arguments: {} });
      expect(r.isError).not.toBe(true);
      expect(r.structuredContent).toMatchObject({ processes: [{ name: 'web', status: 'running', pid: pids[0] }] });
      const logs = await client.callTool({ name: 'read_logs', arguments: { name: 'web' } });
      expect((logs.structuredContent as { lines: Array<{ text: string }> }).lines.map((l) => l.text)).toEqual(['web up']);
      // Bad arguments are tool errors over HTTP too
      const bad = await client.callTool({ name: 'read_logs', arguments: { name: 'wbe' } });
      expect(bad.isError).toBe(true);
    } finally {
      await client.close();
    }
  });
});

describe('bin/brum.js mcp --http PORT (running the project itself)', () => {
  let dir = '';
  let runtime = '';
  let child: ChildProcess;
  let stderr = '';
  let exited: Promise<number | null>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-http-cli-'));
    runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
    writeFileSync(path.join(dir, 'brum.yaml'), ['processes:', '  web:', `    command: '"${process.execPath}" "${APP}" "print:web up"'`, ''].join('\n'));
  });

  afterAll(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    rmSync(runtime, { recursive: true, force: true });
  });

  it('serves the token holder on 127.0.0.1 only; stdin ending stops it and everything it ran', async () => {
    // Given `brum mcp --http PORT` in a project with no brum running, its stdin a pipe we keep open
    const port = await freePort();
    child = spawn(process.execPath, [BIN, 'mcp', '-C', dir, '--http', String(port)], {
      env: { ...process.env, BRUM_RUNTIME_DIR: runtime },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const paths = instancePaths(dir, { BRUM_RUNTIME_DIR: runtime });
    await waitFor(() => existsSync(paths.token) && listeners(port).length > 0, `the token file and the listener on ${port}`, 15_000).catch((e: unknown) => {
      throw new Error(`${String(e)}; exit ${child.exitCode}; stdout ${stdout}; stderr ${stderr}; ${paths.token}: ${existsSync(paths.token)}; ss: ${listeners(port).join(" ")}`);
    });
    const token = readFileSync(paths.token, 'utf8').trim();

    // Then only 127.0.0.1 listens
    expect(listeners(port)).toEqual([`127.0.0.1:${port}`]);
    for (const address of otherAddresses()) expect(await tryConnect(address, port), address).toBe('ECONNREFUSED');
    // And the checks hold: foreign Host 403, no token 401, wrong token 401
    expect((await post(port, { host: 'evil.example', authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await post(port, { host: `localhost:${port}`, origin: 'http://evil.example', authorization: `Bearer ${token}` })).status).toBe(403);
    expect((await post(port, { host: `localhost:${port}` })).status).toBe(401);
    expect((await post(port, { host: `localhost:${port}`, authorization: `Bearer ${token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'))}` })).status).toBe(401);
    // And the token from the instance's token file works: the agent sees web, which brum mcp runs
    const client = await connectClient(`http://localhost:${port}/mcp`, { authorization: `Bearer ${token}` });
    let webPid: number;
    try {
      const waited = await client.callTool({ name: 'wait_for', arguments: { name: 'web', until: 'running', timeout_ms: 15_000 } });
      expect(waited.structuredContent).toMatchObject({ reached: true, process: { name: 'web', status: 'running' } });
      webPid = (waited.structuredContent as { process: { pid: number } }).process.pid;
    } finally {
      await client.close();
    }
    const tree = [child.pid as number, ...descendants(child.pid as number)];
    expect(tree).toContain(webPid);
    // Nothing but the protocol on stdout (and no protocol spoken on it here)
    expect(stdout).toBe('');

    // When its stdin ends (the stdio client went away)
    child.stdin?.end();
    // Then it exits 0 by itself, the port closes, and nothing it ran is left, nor its socket
    expect(await Promise.race([exited, new Promise((r) => setTimeout(() => r('still running'), 10_000))])).toBe(0);
    expect(await tryConnect('127.0.0.1', port)).toBe('ECONNREFUSED');
    await waitFor(() => survivors(tree).length === 0, `brum mcp's processes to end: ${survivors(tree).join(' ')}`, 5000);
    expect(existsSync(paths.socket)).toBe(false);
    expect(stderr).toBe('');
  });

  // A UserError raised in the MCP bundle (dist/mcp.cjs, its own copy of the class) is still one line and exit 2,
  // and a taken port is found before the project starts: nothing ran, no instance files are left.
  it('a port already taken: exit 2 with one line, having started nothing', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'brum-mcp-http-taken-'));
    const rt = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
    const marker = path.join(other, 'ran');
    writeFileSync(path.join(other, 'brum.yaml'), ['processes:', '  touch:', `    command: 'touch "${marker}"'`, ''].join('\n'));
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const { port } = holder.address() as net.AddressInfo;
    const c = spawn(process.execPath, [BIN, 'mcp', '-C', other, '--http', String(port)], { env: { ...process.env, BRUM_RUNTIME_DIR: rt }, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    c.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
    try {
      const code = await Promise.race([new Promise((resolve) => c.once('exit', resolve)), new Promise((r) => setTimeout(() => r('still running'), 15_000))]);
      expect({ code, err }).toEqual({ code: 2, err: `brum: --http ${port}: EADDRINUSE on 127.0.0.1. Pick another port.\n` });
      expect(existsSync(marker)).toBe(false);
      const instanceDir = instancePaths(other, { BRUM_RUNTIME_DIR: rt }).dir;
      expect(existsSync(instanceDir) ? readdirSync(instanceDir) : []).toEqual([]);
    } finally {
      if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
      await new Promise<void>((resolve) => holder.close(() => resolve()));
      rmSync(other, { recursive: true, force: true });
      rmSync(rt, { recursive: true, force: true });
    }
  });
});
