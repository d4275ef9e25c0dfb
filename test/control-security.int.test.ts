// The local API's defences, against a real headless brum (bin/brum.js run) in a temp project: the instance folder
// is 0700 and the token file 0600 (the socket sits inside the folder); no token or a wrong one is 401; with
// --api-port the TCP listener is on 127.0.0.1 only, and a foreign Host or Origin is 403 (DNS rebinding); bad
// queries are 400 with the reason, and the server keeps serving after each.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instancePaths, type InstancePaths } from '../src/control/instance-paths';
import { ROOT, startBrum, type BrumProcess } from './helpers/brum';
import { descendants, survivors, waitFor } from './helpers/proc-tree';
import { freePort, tryConnect } from './helpers/net';

const SERVICE = path.join(ROOT, 'test/fixtures/orchestra/service.mjs');

interface Reply {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** One HTTP request, over the unix socket or to 127.0.0.1:port, with exactly the headers given (and no others). */
function request(
  where: { socketPath: string } | { host: string; port: number },
  method: string,
  p: string,
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ ...where, method, path: p, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        try {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> });
        } catch {
          reject(new Error(`not JSON (${res.statusCode}): ${text}`));
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}



let dir = '';
let runtime = '';
let port = 0;
let brum: BrumProcess;
let paths: InstancePaths;
let token = '';
let tree: number[] = [];

const unix = (): { socketPath: string } => ({ socketPath: paths.socket });
const tcp = (): { host: string; port: number } => ({ host: '127.0.0.1', port });
const auth = (): Record<string, string> => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  // Given a headless brum with --api-port in a temp project, its runtime folder its own
  dir = mkdtempSync(path.join(os.tmpdir(), 'brum-sec-'));
  runtime = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-'));
  writeFileSync(
    path.join(dir, 'brum.yaml'),
    ['processes:', '  api:', `    command: '"${process.execPath}" "${SERVICE}" log "api up" 0'`, ''].join('\n'),
  );
  port = await freePort();
  brum = startBrum(['run', '--api-port', String(port)], { cwd: dir, env: { BRUM_RUNTIME_DIR: runtime } });
  paths = instancePaths(dir, { BRUM_RUNTIME_DIR: runtime });
  await brum.waitForOutput('api up');
  token = readFileSync(paths.token, 'utf8');
  tree = [brum.pid, ...descendants(brum.pid)];
});

afterAll(async () => {
  brum.child.kill('SIGINT');
  const code = await brum.exited();
  // brum's reaper (a child in its own session) ends right after brum: give it a moment
  const left = await waitFor(() => survivors(tree).length === 0, 'brum\'s processes to end', 5000).then(
    () => [],
    () => survivors(tree),
  );
  for (const pid of left) process.kill(pid, 'SIGKILL');
  // Stopped by Ctrl-C: 130, and nothing of the instance is left in its folder
  const files = existsSync(paths.dir) ? readdirSync(paths.dir) : [];
  rmSync(dir, { recursive: true, force: true });
  rmSync(runtime, { recursive: true, force: true });
  expect(left, 'processes left behind').toEqual([]);
  expect(code).toBe(130);
  expect(files).toEqual([]);
});

describe('the instance folder, the token and the socket', () => {
  it('the runtime root and the instance folder are 0700, the token and the record 0600, the socket inside the folder', () => {
    const mode = (p: string): string => (statSync(p).mode & 0o777).toString(8);
    // The folder is named by a hash of the project's real path, under BRUM_RUNTIME_DIR
    expect(path.dirname(paths.dir)).toBe(runtime);
    expect(path.basename(paths.dir)).toMatch(/^[0-9a-f]{16}$/);
    expect(mode(runtime)).toBe('700');
    expect(mode(paths.dir)).toBe('700');
    expect(lstatSync(paths.dir).uid).toBe(process.getuid?.());
    expect(mode(paths.token)).toBe('600');
    expect(mode(paths.record)).toBe('600');
    expect(path.dirname(paths.socket)).toBe(paths.dir);
    expect(lstatSync(paths.socket).isSocket()).toBe(true);
    // A 64-hex-digit token (256 random bits), and nothing else in the folder
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(paths.dir).sort()).toEqual(['api.sock', 'instance.json', 'token']);
    const record = JSON.parse(readFileSync(paths.record, 'utf8')) as Record<string, unknown>;
    expect(record).toMatchObject({ v: 1, pid: brum.pid, project: dir, apiPort: port });
  });

  it('a runtime folder others can read is refused before anything starts (exit 2, one line saying how to fix it)', async () => {
    const open = mkdtempSync(path.join(os.tmpdir(), 'brum-rt-open-'));
    spawnSync('chmod', ['755', open]);
    const marker = path.join(dir, 'must-not-exist');
    const b = startBrum(['run', '--cmd', `touch '${marker}'`], { cwd: mkdtempSync(path.join(os.tmpdir(), 'brum-sec-other-')), env: { BRUM_RUNTIME_DIR: open } });
    expect(await b.exited()).toBe(2);
    expect(b.stderr()).toBe(`brum: ${open} is readable by other users (mode 755); run chmod 700 ${open}.\n`);
    expect(() => statSync(marker)).toThrow();
    rmSync(open, { recursive: true, force: true });
  });
});

describe('the token', () => {
  it('a request with no token, a wrong one, or another scheme is 401 on the socket and on the port; the right one is 200', async () => {
    const wrongSameLength = token.replace(/^./, (c) => (c === 'a' ? 'b' : 'a'));
    const cases: Array<Record<string, string>> = [
      {},
      { authorization: '' },
      { authorization: 'Bearer' },
      { authorization: `Bearer ${wrongSameLength}` },
      { authorization: `Bearer ${token.slice(0, 32)}` },
      { authorization: `Bearer ${token}0` },
      { authorization: `Basic ${Buffer.from(`brum:${token}`).toString('base64')}` },
      { authorization: `bearer${token}` },
    ];
    for (const headers of cases) {
      for (const where of [unix(), tcp()]) {
        const reply = await request(where, 'GET', '/v1/processes', { host: 'localhost', ...headers });
        expect(reply.status, JSON.stringify(headers)).toBe(401);
        expect(String(reply.body.error)).toMatch(/^unauthorized/);
        expect(reply.body).not.toHaveProperty('processes');
      }
    }
    // A state-changing request without the token does nothing either
    expect((await request(unix(), 'POST', '/v1/processes/api/stop', {})).status).toBe(401);
    expect((await request(unix(), 'GET', '/v1/processes/api', auth())).body.process).toMatchObject({ status: 'running' });
    // And the right token works on both
    for (const where of [unix(), tcp()]) {
      const reply = await request(where, 'GET', '/v1/processes', { host: `localhost:${port}`, ...auth() });
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ v: 1, processes: [expect.objectContaining({ name: 'api', status: 'running' })] });
    }
  });
});

describe('--api-port', () => {
  it('listens on 127.0.0.1 only: ss shows the one loopback listener, and no other address of this machine answers', async () => {
    // ss lists every TCP listener on the port: exactly one, bound to 127.0.0.1, held by this brum
    const ss = spawnSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
    expect(ss.status, ss.stderr).toBe(0);
    const listeners = ss.stdout.split('\n').filter((l) => l.trim() !== '');
    expect(listeners).toHaveLength(1);
    expect(listeners[0]?.split(/\s+/)[3]).toBe(`127.0.0.1:${port}`);
    if (listeners[0]?.includes('pid=')) expect(listeners[0]).toContain(`pid=${brum.pid},`);
    // Connecting to the machine's other addresses is refused (where it has any), and to IPv6 loopback too
    const others = Object.values(os.networkInterfaces())
      .flat()
      .filter((a): a is os.NetworkInterfaceInfo => a !== undefined && !a.internal && a.family === 'IPv4')
      .map((a) => a.address);
    for (const address of others) expect(await tryConnect(address, port), address).toBe('ECONNREFUSED');
    expect(['ECONNREFUSED', 'EADDRNOTAVAIL', 'ENETUNREACH']).toContain(await tryConnect('::1', port));
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    console.log(`--api-port ${port}: ss: ${listeners[0]}; other addresses tried: ${others.join(', ') || '(none)'}`);
  });

  it('a foreign Host or Origin is 403, even with the right token; loopback names work', async () => {
    const forbidden: Array<Record<string, string>> = [
      { host: 'evil.example' },
      { host: `evil.example:${port}` },
      { host: `localhost.evil.example:${port}` },
      { host: `192.0.2.1:${port}` },
      { host: `127.0.0.2:${port}` },
      { host: `localhost:${port}`, origin: 'http://evil.example' },
      { host: `localhost:${port}`, origin: `http://evil.example:${port}` },
      { host: `127.0.0.1:${port}`, origin: 'null' },
      { host: `127.0.0.1:${port}`, origin: 'http://localhost.evil.example' },
    ];
    for (const headers of forbidden) {
      const reply = await request(tcp(), 'GET', '/v1/processes', { ...headers, ...auth() });
      expect(reply.status, JSON.stringify(headers)).toBe(403);
      expect(String(reply.body.error)).toMatch(/^forbidden/);
      expect(reply.body).not.toHaveProperty('processes');
    }
    // No Host at all (HTTP/1.0 allows that) is not loopback either
    const noHost = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.write(`GET /v1/health HTTP/1.0\r\nAuthorization: Bearer ${token}\r\n\r\n`));
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
    });
    expect(noHost).toMatch(/^HTTP\/1\.[01] 403/);
    // Without the token a foreign Host is still 403 (checked first), and a POST from a foreign page changes nothing
    expect((await request(tcp(), 'GET', '/v1/health', { host: 'evil.example' })).status).toBe(403);
    expect((await request(tcp(), 'POST', '/v1/processes/api/stop', { host: 'evil.example', origin: 'http://evil.example', ...auth() })).status).toBe(403);
    expect((await request(unix(), 'GET', '/v1/processes/api', auth())).body.process).toMatchObject({ status: 'running' });
    const allowed: Array<Record<string, string>> = [
      { host: `localhost:${port}` },
      { host: `127.0.0.1:${port}` },
      { host: `[::1]:${port}` },
      { host: 'localhost' },
      { host: `localhost:${port}`, origin: 'http://localhost:3000' },
      { host: `127.0.0.1:${port}`, origin: `http://127.0.0.1:${port}` },
      { host: `[::1]:${port}`, origin: 'http://[::1]:5173' },
    ];
    for (const headers of allowed) {
      const reply = await request(tcp(), 'GET', '/v1/health', { ...headers, ...auth() });
      expect(reply.status, JSON.stringify(headers)).toBe(200);
      expect(reply.body).toMatchObject({ v: 1, ok: true, pid: brum.pid, project: dir });
    }
  });

  it('a port already taken is refused before anything starts (exit 2, one line)', async () => {
    const other = mkdtempSync(path.join(os.tmpdir(), 'brum-sec-other-'));
    const marker = path.join(other, 'ran');
    // The port this brum holds: a second project asking for it
    const b = startBrum(['run', '--api-port', String(port), '--cmd', `touch '${marker}'`], { cwd: other });
    expect(await b.exited()).toBe(2);
    expect(b.stderr()).toBe(`brum: --api-port ${port}: EADDRINUSE on 127.0.0.1. Pick another port.\n`);
    expect(() => statSync(marker)).toThrow();
    rmSync(other, { recursive: true, force: true });
  });
});

describe('bad input', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['GET', '/v1/logs?limit=abc', /^bad request: limit: expected a whole number from 1 to 10000, not "abc"$/],
    ['GET', '/v1/logs?limit=0', /^bad request: limit: expected a whole number from 1 to 10000, not "0"$/],
    ['GET', '/v1/logs?limit=99999', /^bad request: limit: expected a whole number from 1 to 10000, not "99999"$/],
    ['GET', '/v1/logs?limit=1.5', /^bad request: limit: /],
    ['GET', '/v1/logs?limit=-3', /^bad request: limit: /],
    ['GET', '/v1/logs?limit=1e3', /^bad request: limit: /],
    ['GET', '/v1/logs?limit=1&limit=2', /^bad request: limit: /],
    ['GET', '/v1/logs?after=-1', /^bad request: after: /],
    ['GET', '/v1/logs?after=99999999999999999999', /^bad request: after: /],
    ['GET', '/v1/logs?raw=maybe', /^bad request: raw: /],
    ['GET', '/v1/search', /^bad request: pattern: /],
    ['GET', '/v1/search?pattern=', /^bad request: pattern: pattern must not be empty$/],
    ['GET', '/v1/search?pattern=(&regex=1', /^bad pattern: invalid regex: .*Unterminated group/],
    ['GET', '/v1/search?pattern=a&regex=perhaps', /^bad request: regex: /],
    ['GET', '/v1/search?pattern=a&limit=1001', /^bad request: limit: expected a whole number from 1 to 1000, not "1001"$/],
    ['POST', '/v1/processes/api/stop?timeout=abc', /^bad request: timeout: /],
    ['POST', '/v1/processes/api/restart?wait=sometimes', /^bad request: wait: /],
  ];

  it.each(bad)('%s %s → 400 with the reason, nothing done, and the server keeps serving', async (method, p, reason) => {
    const reply = await request(unix(), method, p, auth());
    expect(reply.status).toBe(400);
    expect(String(reply.body.error)).toMatch(reason);
    expect(String(reply.body.error)).not.toContain('\n');
    const health = await request(unix(), 'GET', '/v1/health', auth());
    expect(health).toMatchObject({ status: 200, body: { ok: true, pid: brum.pid } });
    expect((await request(unix(), 'GET', '/v1/processes/api', auth())).body.process).toMatchObject({ status: 'running' });
  });

  it('an unknown process or route is 404 with one line (a suggestion for a near name); good limits at the edges work', async () => {
    expect(await request(unix(), 'GET', '/v1/processes/apii', auth())).toEqual({
      status: 404,
      body: { error: 'unknown process "apii". Did you mean "api"? Known: api' },
    });
    expect((await request(unix(), 'POST', '/v1/processes/nope/stop', auth())).status).toBe(404);
    expect((await request(unix(), 'GET', '/v1/logs?name=nope', auth())).status).toBe(404);
    expect((await request(unix(), 'GET', '/v1/nothing', auth())).status).toBe(404);
    expect((await request(unix(), 'POST', '/v1/processes/api/explode', auth())).status).toBe(404);
    expect((await request(unix(), 'DELETE', '/v1/processes', auth())).status).toBe(404);
    expect((await request(unix(), 'GET', '/', auth())).status).toBe(404);
    for (const limit of ['1', '10000']) expect((await request(unix(), 'GET', `/v1/logs?limit=${limit}`, auth())).status).toBe(200);
    expect((await request(unix(), 'GET', '/v1/search?pattern=a&limit=1000', auth())).status).toBe(200);
    expect((await request(unix(), 'GET', '/v1/health', auth())).status).toBe(200);
  });

  it('an unparseable request line or a broken connection does not take the server down', async () => {
    // Raw garbage on the socket: the HTTP parser answers 400 and closes; the next request is served
    const garbage = await new Promise<string>((resolve) => {
      const s = net.connect(paths.socket);
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
      s.write('NOT HTTP AT ALL\r\n\r\n');
    });
    expect(garbage).toMatch(/^HTTP\/1\.1 400/);
    // A request cut off half-way
    await new Promise<void>((resolve) => {
      const s = net.connect(paths.socket, () => {
        s.write(`GET /v1/logs?limit=10 HTTP/1.1\r\nAuthorization: Bearer ${token}\r\n`);
        s.destroy();
        resolve();
      });
    });
    // An events subscriber that disconnects at once
    await new Promise<void>((resolve) => {
      const req = http.request({ ...unix(), path: '/v1/events', headers: auth() }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.end();
    });
    await waitFor(async () => (await request(unix(), 'GET', '/v1/health', auth())).status === 200, 'the API to answer after the abuse');
    expect(brum.child.exitCode).toBeNull();
  });

  // A malformed %-escape in the path is the caller's mistake: a 400 with the reason, and the server keeps serving.
  it('a malformed %-escape in the path is a 400 (the caller\'s error), not a 500', async () => {
    const reply = await request(unix(), 'GET', '/v1/processes/%E0%A4%A', auth());
    expect((await request(unix(), 'GET', '/v1/health', auth())).status).toBe(200);
    expect(reply.status).toBe(400);
  });
});
