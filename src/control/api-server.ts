import { timingSafeEqual } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Brum } from '../runtime/brum';
import { ActionQuery, ACTIONS, LogsQuery, SearchQuery, type Action } from './api-schemas';
import { act, ApiError, listErrors, listProcesses, listUrls, oneProcess, pushSnapshot, readLogs, searchLogs } from './api-routes';
import { PushStream } from './push-stream';

export interface ApiContext {
  readonly brum: Brum;
  /** The instance's token (known once the lease is taken). */
  readonly token: () => string;
  readonly pid: number;
  readonly project: string;
}

/** Hosts a browser may legitimately send to a loopback listener; anything else is DNS rebinding. */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The local API's request handler: HTTP/1.1 + JSON, every request authenticated with the instance's token
 * (`Authorization: Bearer …`, compared in constant time), every query validated, every failure an answer (400,
 * 401, 403, 404, 500 with one line of why), never a crash. `tcp`: the request came over the optional loopback
 * port, so Host and Origin must be loopback too (a web page cannot rebind a name to 127.0.0.1 and ride the token).
 */
export function apiHandler(ctx: ApiContext, opts: { tcp: boolean }): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void handle(ctx, opts.tcp, req, res).catch((error: unknown) => {
      const status = error instanceof ApiError ? error.status : 500;
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      if (!res.headersSent) reply(res, status, { error: message });
      else res.end();
    });
  };
}

export function createApiServer(ctx: ApiContext, opts: { tcp: boolean }): http.Server {
  // Node's default keep-alive: a 1 s timeout would make clients (which keep a 1 s margin) reconnect for every
  // request (bench/control: 1.00 → 0.00 new connections per request). Shutdown closes idle ones at once.
  return http.createServer(apiHandler(ctx, opts));
}

async function handle(ctx: ApiContext, tcp: boolean, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (tcp && !loopbackOnly(req)) return reply(res, 403, { error: 'forbidden: Host and Origin must be localhost, 127.0.0.1 or [::1]' });
  if (!authorized(req, ctx.token())) return reply(res, 401, { error: 'unauthorized: send Authorization: Bearer <token> (the token file beside the socket)' });
  const url = new URL(req.url ?? '/', 'http://brum');
  const parts = url.pathname.split('/').filter((p) => p !== '').map(decodePart);
  const query = queryOf(url);
  const method = req.method ?? 'GET';
  const { brum } = ctx;
  if (parts[0] !== 'v1') throw new ApiError(404, `no such route: ${method} ${url.pathname} (routes start with /v1/)`);
  const route = parts.slice(1);
  const [first, second, third] = route;
  if (method === 'GET' && first === 'health' && route.length === 1) return reply(res, 200, { v: 1, ok: true, pid: ctx.pid, project: ctx.project });
  if (method === 'GET' && first === 'processes' && route.length === 1) return reply(res, 200, listProcesses(brum));
  if (method === 'GET' && first === 'processes' && second !== undefined && route.length === 2) return reply(res, 200, oneProcess(brum, second));
  if (method === 'POST' && first === 'processes' && second !== undefined && isAction(third) && route.length === 3) {
    return reply(res, 200, await act(brum, second, third, parse(ActionQuery, query)));
  }
  if (method === 'GET' && first === 'logs' && route.length === 1) return reply(res, 200, readLogs(brum, parse(LogsQuery, query)));
  if (method === 'GET' && first === 'search' && route.length === 1) return reply(res, 200, searchLogs(brum, parse(SearchQuery, query)));
  if (method === 'GET' && first === 'errors' && route.length === 1) return reply(res, 200, listErrors(brum));
  if (method === 'GET' && first === 'urls' && route.length === 1) return reply(res, 200, listUrls(brum));
  if (method === 'POST' && first === 'reload' && route.length === 1) {
    await brum.controls.reload();
    return reply(res, 200, { v: 1, project: brum.store.getState().project });
  }
  if (method === 'GET' && first === 'events' && route.length === 1) return events(brum, res);
  throw new ApiError(404, `no such route: ${method} ${url.pathname}`);
}

/** The push stream of state changes (server-sent events), coalesced per subscriber; see PushStream. */
function events(brum: Brum, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  const stream = new PushStream(res, () => pushSnapshot(brum));
  const unsubscribe = brum.store.subscribe((next, prev) => {
    if (next.processes !== prev.processes || next.logs !== prev.logs || next.urls !== prev.urls || next.errors !== prev.errors || next.project !== prev.project) {
      stream.changed();
    }
  });
  res.once('close', () => {
    unsubscribe();
    stream.close();
  });
}

export function authorized(req: IncomingMessage, token: string): boolean {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer (\S+)$/.exec(header);
  if (match === null || token === '') return false;
  const given = Buffer.from(match[1] ?? '');
  const wanted = Buffer.from(token);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

export function loopbackOnly(req: IncomingMessage): boolean {
  const host = hostName(req.headers.host);
  if (host === null || !LOOPBACK_HOSTS.has(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return LOOPBACK_HOSTS.has(hostName(new URL(origin).host) ?? '');
  } catch {
    return false;
  }
}

/** `localhost:4000` → `localhost`, `[::1]:4000` → `[::1]`. */
function hostName(host: string | undefined): string | null {
  if (host === undefined || host === '') return null;
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.split(':')[0] ?? null;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    out[key] = all.length === 1 ? (all[0] ?? '') : all;
  }
  return out;
}

function parse<T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } } }, query: unknown): T {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new ApiError(400, `bad request: ${issue ? `${issue.path.map(String).join('.') || 'query'}: ${issue.message}` : 'invalid query'}`);
}

/** A path segment, %-escapes decoded; a malformed escape is the caller's mistake (400), not the server's. */
function decodePart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ApiError(400, `bad request: malformed %-escape in the path segment "${part}"`);
  }
}

function isAction(value: string | undefined): value is Action {
  return (ACTIONS as readonly string[]).includes(value ?? '');
}

function reply(res: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
