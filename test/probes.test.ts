// Readiness probes against real sockets, servers and processes. Nothing here sleeps for a fixed time: a test either
// awaits the probe or polls with a deadline (waitFor). Every test ends by checking that no socket, child process or
// timer of the probe is left: the probe's contract is that a finished or aborted wait leaves nothing running.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Probe, ProbeCheck } from '../src/runtime/types';
import { describeCheck, execCheck, httpCheck, tcpCheck, waitReady, type ProbeClock } from '../src/policies/probes';
import { waitFor } from './helpers/proc-tree';
import { freePort } from './helpers/net';

const ENV = { ...process.env } as Record<string, string>;
const cleanups: Array<() => Promise<void> | void> = [];
const WATCHED = ['TCPSocketWrap', 'TCPServerWrap', 'ProcessWrap', 'Timeout', 'GetAddrInfoReqWrap'] as const;
let baseline: Map<string, number>;

function handleCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of process.getActiveResourcesInfo()) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

beforeEach(() => {
  baseline = handleCounts();
});

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  // A destroyed socket or a killed child lets go of its handle a moment later: poll rather than read once.
  await waitFor(() => {
    const now = handleCounts();
    const extra = WATCHED.filter((name) => (now.get(name) ?? 0) > (baseline.get(name) ?? 0));
    if (extra.length > 0) throw new Error(`still active: ${extra.join(', ')}`);
    return true;
  }, 'the probe to leave no socket, process or timer', 5000);
});

function probe(check: ProbeCheck, timeoutMs: number, periodMs = 100): Probe {
  return { check, timeoutMs, periodMs };
}

function wait(p: Probe, extra: { logCheck?: () => boolean; clock?: ProbeClock; signal?: AbortSignal; cwd?: string } = {}) {
  return waitReady({ ...extra, probe: p, cwd: extra.cwd ?? process.cwd(), env: ENV, signal: extra.signal ?? new AbortController().signal });
}

/** A TCP server whose accepted sockets are tracked, so cleanup can close everything it opened. */
function tcpServer(): { server: Server; sockets: Set<Socket>; listen: (port: number) => Promise<number> } {
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (server.listening) server.close(() => resolve());
        else resolve();
      }),
  );
  const listen = (port: number) => new Promise<number>((resolve) => server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  return { server, sockets, listen };
}


async function httpServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: (path: string) => string; paths: string[] }> {
  const paths: string[] = [];
  const server = createHttpServer((req, res) => {
    paths.push(req.url ?? '');
    handler(req, res);
  });
  const port = await new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  return { url: (path) => `http://127.0.0.1:${port}${path}`, paths };
}

/** Live (non-zombie) `sleep <marker>` processes (not the shells whose command line mentions them). */
function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      if (/(^|\/)sleep$/.test(argv[0] ?? '') && argv[1] === marker && state !== 'Z' && state !== 'X') found.push(Number(name));
    } catch {
      // Exited while we looked.
    }
  }
  return found;
}

/** A sleep whose argument is unique, so its processes can be found and counted. */
function uniqueSleep(): string {
  return `29.${String(process.pid)}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'brum-probe-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Time that moves only when the probe waits: the schedule of attempts becomes exact. */
class SteppingClock implements ProbeClock {
  time = 0;
  now(): number {
    return this.time;
  }
  delay(ms: number): Promise<void> {
    this.time += ms;
    return Promise.resolve();
  }
}

describe('describeCheck', () => {
  it('names each kind as messages show it', () => {
    expect(describeCheck({ kind: 'tcp', host: '127.0.0.1', port: 5432 })).toBe('tcp 127.0.0.1:5432');
    expect(describeCheck({ kind: 'tcp', host: '::1', port: 5432 })).toBe('tcp [::1]:5432');
    expect(describeCheck({ kind: 'http', url: 'http://localhost:3000/health' })).toBe('http http://localhost:3000/health');
    expect(describeCheck({ kind: 'log', pattern: 'Listening' })).toBe('log /Listening/');
    expect(describeCheck({ kind: 'exec', command: 'pg_isready' })).toBe('exec pg_isready');
  });
});

describe('tcp', () => {
  it('becomes ready within a period of the server starting to listen', async () => {
    const port = await freePort();
    const { listen, sockets } = tcpServer();
    let listeningAt = 0;
    const startedAt = Date.now();
    const timer = setTimeout(() => void listen(port).then(() => (listeningAt = Date.now())), 300);
    cleanups.push(() => clearTimeout(timer));
    const result = await wait(probe({ kind: 'tcp', host: '127.0.0.1', port }, 10_000));
    const readyAt = Date.now();
    expect(result.ready).toBe(true);
    if (!result.ready) return;
    expect(result.tookMs).toBeGreaterThanOrEqual(290);
    expect(result.attempts).toBeGreaterThan(1);
    expect(listeningAt).toBeGreaterThanOrEqual(startedAt + 290);
    // Period 100 ms plus scheduling slack: dependents start within a blink of the port opening.
    expect(readyAt - listeningAt).toBeLessThan(500);
    // The probe's connection is closed by the probe itself, before the test closes anything.
    await waitFor(() => sockets.size === 0, 'the probe to close its connection', 3000);
  });

  it('times out with the probe named', async () => {
    const port = await freePort();
    const t0 = Date.now();
    const result = await wait(probe({ kind: 'tcp', host: '127.0.0.1', port }, 400));
    expect(result).toEqual({ ready: false, reason: `not ready after 0.4 s (tcp 127.0.0.1:${port})` });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
  });

  it('a single attempt never throws on a bad port', async () => {
    await expect(tcpCheck('127.0.0.1', 70_000, 500)).resolves.toBe(false);
    await expect(tcpCheck('127.0.0.1', -1, 500)).resolves.toBe(false);
  });

  it('abort ends the wait at once', async () => {
    const port = await freePort();
    const controller = new AbortController();
    const pending = wait(probe({ kind: 'tcp', host: '127.0.0.1', port }, 30_000), { signal: controller.signal });
    setTimeout(() => controller.abort(), 150);
    const t0 = Date.now();
    expect(await pending).toEqual({ ready: false, reason: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(150 + 300);
  });
});

describe('http', () => {
  it('waits through 503 until 200', async () => {
    const healthyAt = Date.now() + 300;
    const server = await httpServer((_req, res) => res.writeHead(Date.now() >= healthyAt ? 200 : 503).end('body'));
    const result = await wait(probe({ kind: 'http', url: server.url('/health') }, 10_000));
    expect(result.ready).toBe(true);
    if (!result.ready) return;
    expect(result.attempts).toBeGreaterThan(1);
    expect(result.attempts).toBe(server.paths.length);
    expect(result.tookMs).toBeGreaterThanOrEqual(250);
  });

  it('always 500 times out with the url named', async () => {
    const server = await httpServer((_req, res) => res.writeHead(500).end());
    const url = server.url('/health');
    const result = await wait(probe({ kind: 'http', url }, 500));
    expect(result).toEqual({ ready: false, reason: `not ready after 0.5 s (http ${url})` });
    expect(server.paths.length).toBeGreaterThan(2);
  });

  it('counts a redirect as ready without following it', async () => {
    const server = await httpServer((req, res) => {
      if (req.url === '/health') res.writeHead(302, { location: '/elsewhere' }).end();
      else res.writeHead(500).end();
    });
    const result = await wait(probe({ kind: 'http', url: server.url('/health') }, 5000));
    expect(result).toMatchObject({ ready: true, attempts: 1 });
    expect(server.paths).toEqual(['/health']);
  });

  it('a single attempt gives up on a server that never answers, and drops the connection', async () => {
    const sockets: Socket[] = [];
    const server = await httpServer((req) => sockets.push(req.socket));
    const t0 = Date.now();
    expect(await httpCheck(server.url('/slow'), 300)).toBe(false);
    expect(Date.now() - t0).toBeLessThan(300 + 500);
    await waitFor(() => sockets.length === 1 && sockets[0]!.destroyed, 'the server to see the connection closed', 3000);
  });

  it('a bad url or another protocol is a failed attempt, not a throw', async () => {
    await expect(httpCheck('not a url', 500)).resolves.toBe(false);
    await expect(httpCheck('ftp://127.0.0.1/', 500)).resolves.toBe(false);
    await expect(httpCheck(`https://127.0.0.1:${await freePort()}/`, 500)).resolves.toBe(false);
  });

  it('abort ends a request in flight', async () => {
    const sockets: Socket[] = [];
    const server = await httpServer((req) => sockets.push(req.socket));
    const controller = new AbortController();
    const pending = wait(probe({ kind: 'http', url: server.url('/hang') }, 30_000), { signal: controller.signal });
    await waitFor(() => sockets.length === 1, 'the request to arrive', 3000);
    const t0 = Date.now();
    controller.abort();
    expect(await pending).toEqual({ ready: false, reason: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(200);
    await waitFor(() => sockets[0]!.destroyed, 'the connection to close', 3000);
  });
});

describe('exec', () => {
  it('becomes ready once the command exits 0', async () => {
    const dir = tempDir();
    const timer = setTimeout(() => writeFileSync(join(dir, 'ready'), ''), 300);
    cleanups.push(() => clearTimeout(timer));
    const result = await wait(probe({ kind: 'exec', command: 'test -f ready' }, 10_000), { cwd: dir });
    expect(result.ready).toBe(true);
    if (!result.ready) return;
    expect(result.tookMs).toBeGreaterThanOrEqual(250);
    expect(result.attempts).toBeGreaterThan(1);
  });

  it('passes the environment it is given', async () => {
    await expect(execCheck('test "$PROBE_MARK" = yes', process.cwd(), { ...ENV, PROBE_MARK: 'yes' }, 5000)).resolves.toBe(true);
    await expect(execCheck('test "$PROBE_MARK" = yes', process.cwd(), ENV, 5000)).resolves.toBe(false);
  });

  it('kills a hanging command and everything it started at the attempt timeout', async () => {
    const marker = uniqueSleep();
    const t0 = Date.now();
    const pending = execCheck(`sleep ${marker} & sleep ${marker}; wait`, process.cwd(), ENV, 400);
    await waitFor(() => processesWith(marker).length === 2, 'both sleeps to start', 3000);
    expect(await pending).toBe(false);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(390);
    expect(took).toBeLessThan(400 + 600);
    await waitFor(() => processesWith(marker).length === 0, 'the sleeps to be killed', 3000);
  });

  it('kills what a passing command left in the background', async () => {
    const marker = uniqueSleep();
    await expect(execCheck(`sleep ${marker} & exit 0`, process.cwd(), ENV, 5000)).resolves.toBe(true);
    await waitFor(() => processesWith(marker).length === 0, 'the background sleep to be killed', 3000);
  });

  it('times out with the command named, killing the attempt at the deadline', async () => {
    const marker = uniqueSleep();
    const command = `sleep ${marker}`;
    const t0 = Date.now();
    const result = await wait(probe({ kind: 'exec', command }, 600));
    expect(result).toEqual({ ready: false, reason: `not ready after 0.6 s (exec ${command})` });
    expect(Date.now() - t0).toBeLessThan(600 + 600);
    await waitFor(() => processesWith(marker).length === 0, 'the sleep to be killed', 3000);
  });

  it('a failing command times out after repeated attempts', async () => {
    const result = await wait(probe({ kind: 'exec', command: 'exit 3' }, 400));
    expect(result).toEqual({ ready: false, reason: 'not ready after 0.4 s (exec exit 3)' });
  });

  it('a missing directory is a failed attempt, not a throw', async () => {
    await expect(execCheck('true', join(tmpdir(), 'brum-no-such-dir-', uniqueSleep()), ENV, 2000)).resolves.toBe(false);
  });

  it('abort kills the command under way', async () => {
    const marker = uniqueSleep();
    const controller = new AbortController();
    const pending = wait(probe({ kind: 'exec', command: `sleep ${marker}` }, 30_000), { signal: controller.signal });
    await waitFor(() => processesWith(marker).length > 0, 'the sleep to start', 3000);
    const t0 = Date.now();
    controller.abort();
    expect(await pending).toEqual({ ready: false, reason: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(200);
    await waitFor(() => processesWith(marker).length === 0, 'the sleep to be killed', 3000);
  });
});

describe('log (through the given check) and the schedule', () => {
  const log: ProbeCheck = { kind: 'log', pattern: 'Listening' };

  it('attempts at once, then every period from the start of the previous attempt', async () => {
    const clock = new SteppingClock();
    const calls: number[] = [];
    const logCheck = () => {
      calls.push(clock.time);
      // The second attempt is slow (70 ms): the third still starts at 200, not 270.
      if (calls.length === 2) clock.time += 70;
      return calls.length === 4;
    };
    const result = await wait(probe(log, 10_000, 100), { clock, logCheck });
    expect(calls).toEqual([0, 100, 200, 300]);
    expect(result).toEqual({ ready: true, tookMs: 300, attempts: 4 });
  });

  it('an attempt slower than the period is followed at once', async () => {
    const clock = new SteppingClock();
    const calls: number[] = [];
    const logCheck = () => {
      calls.push(clock.time);
      if (calls.length === 1) clock.time += 250;
      return calls.length === 2;
    };
    expect(await wait(probe(log, 10_000, 100), { clock, logCheck })).toEqual({ ready: true, tookMs: 250, attempts: 2 });
    expect(calls).toEqual([0, 250]);
  });

  it('times out at the deadline, after the last attempt that fits before it', async () => {
    const clock = new SteppingClock();
    const calls: number[] = [];
    const result = await wait(probe(log, 1050, 100), { clock, logCheck: () => (calls.push(clock.time), false) });
    expect(result).toEqual({ ready: false, reason: 'not ready after 1.1 s (log /Listening/)' });
    expect(calls).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(clock.time).toBe(1050);
  });

  it('a timeout shorter than the period still makes one attempt', async () => {
    const clock = new SteppingClock();
    let calls = 0;
    const result = await wait(probe(log, 50, 1000), { clock, logCheck: () => (calls++, false) });
    expect(result).toEqual({ ready: false, reason: 'not ready after 0.05 s (log /Listening/)' });
    expect(calls).toBe(1);
    expect(clock.time).toBe(50);
  });

  it('a check that throws is a failed attempt', async () => {
    let calls = 0;
    const logCheck = () => {
      calls += 1;
      if (calls < 3) throw new Error('not yet');
      return true;
    };
    expect(await wait(probe(log, 5000, 10), { clock: new SteppingClock(), logCheck })).toMatchObject({ ready: true, attempts: 3 });
  });

  it('on the real clock: ready as soon as the line shows up', async () => {
    let seen = false;
    const timer = setTimeout(() => (seen = true), 200);
    cleanups.push(() => clearTimeout(timer));
    const result = await wait(probe(log, 5000), { logCheck: () => seen });
    expect(result.ready).toBe(true);
    if (result.ready) expect(result.tookMs).toBeGreaterThanOrEqual(190);
  });

  it('without a log check the wait fails, naming the probe', async () => {
    expect(await wait(probe(log, 5000))).toEqual({ ready: false, reason: 'log /Listening/: no log to watch' });
  });

  it('abort during the pause between attempts ends the wait at once', async () => {
    const controller = new AbortController();
    const pending = wait(probe(log, 30_000, 10_000), { logCheck: () => false, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const t0 = Date.now();
    expect(await pending).toEqual({ ready: false, reason: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(300);
  });

  it('an already aborted signal makes no attempt', async () => {
    let calls = 0;
    const result = await wait(probe(log, 5000), { logCheck: () => (calls++, true), signal: AbortSignal.abort() });
    expect(result).toEqual({ ready: false, reason: 'aborted' });
    expect(calls).toBe(0);
  });
});
