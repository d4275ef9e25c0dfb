// Single readiness attempts. Each resolves true when its check passes and false otherwise: it never throws, never
// outlives its timeout, and leaves nothing behind (socket destroyed, process group killed) once it has resolved.
// An optional AbortSignal ends an attempt at once, so a wait that is cancelled does not leave one running.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import type * as Http from 'node:http';
import type * as Https from 'node:https';

/**
 * Settles the attempt with false on timeout or abort; the `settle` it returns runs the cleanup exactly once.
 * Every check shares it so that none can forget to clear its timer or its abort listener.
 */
function attempt(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  cleanup: () => void,
  resolve: (ok: boolean) => void,
): (ok: boolean) => void {
  let done = false;
  const settle = (ok: boolean): void => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    cleanup();
    resolve(ok);
  };
  const onAbort = (): void => settle(false);
  const timer = setTimeout(onAbort, Math.max(0, timeoutMs));
  signal?.addEventListener('abort', onAbort, { once: true });
  return settle;
}

/** One attempt: can a TCP connection to host:port be opened? */
export function tcpCheck(host: string, port: number, attemptTimeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    // Checked here: net throws on a bad port only after it has made a socket, which would then linger.
    if (signal?.aborted || !Number.isInteger(port) || port < 1 || port > 65535) return resolve(false);
    let socket: ReturnType<typeof connect> | null = null;
    const settle = attempt(attemptTimeoutMs, signal, () => socket?.destroy(), resolve);
    try {
      socket = connect({ host, port });
    } catch {
      // Whatever else net rejects synchronously.
      settle(false);
      return;
    }
    socket.once('connect', () => settle(true));
    // Stays attached after settling: a late error on a destroyed socket must not become an uncaught one.
    socket.on('error', () => settle(false));
  });
}

// node:http and node:https cost ~8 and ~15 ms to load, paid by every brum start if imported at the top, while most
// projects have no HTTP probe. import() is not an option: the bundle runs from V8's code cache, which has no loader
// for it (scripts/build.mjs refuses one), so they are required on first use.
const requireBuiltin = createRequire(import.meta.url);
let httpModule: typeof Http | null = null;
let httpsModule: typeof Https | null = null;

/** Both modules' request, typed with the options of https (a superset; http ignores the TLS ones). */
type Request = (url: URL, options: Https.RequestOptions) => Http.ClientRequest;

function requestFor(protocol: string): Request | null {
  if (protocol === 'http:') return (httpModule ??= requireBuiltin('node:http') as typeof Http).request;
  if (protocol === 'https:') return (httpsModule ??= requireBuiltin('node:https') as typeof Https).request;
  return null;
}

function parseTarget(url: string): { target: URL; request: Request } | null {
  try {
    const target = new URL(url);
    const request = requestFor(target.protocol);
    return request === null ? null : { target, request };
  } catch {
    return null;
  }
}

/**
 * One attempt: does a GET of `url` answer 2xx or 3xx? A redirect counts as an answer and is not followed: the
 * server is up, which is all readiness asks. Certificates are not checked either, for the same reason, and because
 * dev servers commonly serve self-signed ones.
 */
export function httpCheck(url: string, attemptTimeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const parsed = parseTarget(url);
    if (parsed === null) return resolve(false);
    const { target, request } = parsed;
    let req: Http.ClientRequest | null = null;
    const settle = attempt(attemptTimeoutMs, signal, () => req?.destroy(), resolve);
    try {
      req = request(target, {
        method: 'GET',
        // No pooled keep-alive socket: each attempt's connection is its own and is destroyed with it.
        agent: false,
        rejectUnauthorized: false,
        headers: { 'user-agent': 'brum-probe', accept: '*/*', connection: 'close' },
      });
    } catch {
      settle(false);
      return;
    }
    req.once('response', (res) => {
      // The status is all we need: destroying the request drops the body with the socket.
      res.on('error', () => undefined);
      const status = res.statusCode ?? 0;
      settle(status >= 200 && status < 400);
    });
    req.on('error', () => settle(false));
    req.end();
  });
}

/** Kills every process of the group led by `pid`; ESRCH (already gone) is the usual, harmless outcome. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined || pid <= 1) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Gone already.
  }
}

/**
 * One attempt: does the shell command exit 0? `env` is its whole environment (nothing of brum's is added).
 * It runs in a process group of its own, so that on timeout or abort one SIGKILL reaches whatever it started;
 * the group is killed after a normal exit too, so a check that left something in the background leaves nothing.
 */
export function execCheck(
  command: string,
  cwd: string,
  env: Record<string, string>,
  attemptTimeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    let child: ChildProcess | null = null;
    const settle = attempt(attemptTimeoutMs, signal, () => killGroup(child?.pid), resolve);
    try {
      child = spawn(command, { cwd, env, shell: true, detached: true, stdio: 'ignore', windowsHide: true });
    } catch {
      settle(false);
      return;
    }
    // A missing cwd or shell arrives here, not as a throw.
    child.once('error', () => settle(false));
    child.once('exit', (code) => settle(code === 0));
  });
}
