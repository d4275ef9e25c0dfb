// A small JSON API. Logs each request; a simulated client calls it every
// 1–3 s, and now and then something slow or odd produces a warning on stderr.
import http from 'node:http';
import { c, closeServer, listenWithFallback, onShutdown, pick, portFrom, randInt } from './_lib.mjs';

const wanted = portFrom(process.env.API_PORT, 4000);

const users = [
  { id: 1, name: 'Ada Lovelace', role: 'admin' },
  { id: 2, name: 'Grace Hopper', role: 'member' },
  { id: 3, name: 'Linus Torvalds', role: 'member' },
];

function send(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function handle(req, res) {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  if (p === '/api' || p === '/api/') return send(res, 200, { ok: true, endpoints: ['/api/users', '/api/health'] });
  if (p === '/api/health') return send(res, 200, { status: 'ok', uptime: Math.round(process.uptime()) });
  if (p === '/api/users' && req.method === 'GET') return send(res, 200, users);
  if (p === '/api/users' && req.method === 'POST') {
    req.resume();
    return req.on('end', () => send(res, 201, { id: users.length + 1 }));
  }
  const m = /^\/api\/users\/(\d+)$/.exec(p);
  if (m) {
    const user = users.find((u) => u.id === Number(m[1]));
    return user ? send(res, 200, user) : send(res, 404, { error: 'user not found' });
  }
  return send(res, 404, { error: 'not found' });
}

const server = http.createServer((req, res) => {
  const t0 = performance.now();
  res.on('finish', () => {
    const ms = Math.round(performance.now() - t0);
    const code = res.statusCode >= 400 ? c.yellow(res.statusCode) : c.green(res.statusCode);
    console.log(`${c.cyan('[api]')} ${req.method} ${req.url} ${code} ${ms}ms`);
    if (ms > 80) console.warn(`${c.cyan('[api]')} ${c.yellow('warn')} slow request: ${req.method} ${req.url} took ${ms}ms (threshold 80ms)`);
  });
  // Fake database latency; occasionally a slow query.
  const latency = Math.random() < 0.1 ? randInt(90, 250) : randInt(3, 25);
  setTimeout(() => handle(req, res), latency);
});
server.keepAliveTimeout = 1000;

const port = await listenWithFallback(server, wanted);
if (port !== wanted) console.warn(`${c.cyan('[api]')} ${c.yellow('warn')} port ${wanted} is busy, using ${port}`);
console.log(`${c.cyan('[api]')} listening on ${c.bold(`http://127.0.0.1:${port}/api`)}`);

const calls = [
  ['GET', '/api/users'],
  ['GET', '/api/users'],
  ['GET', '/api/users/1'],
  ['GET', '/api/users/2'],
  ['GET', '/api/users/42'],
  ['POST', '/api/users'],
  ['GET', '/api/health'],
];
const warnings = [
  'deprecated header "X-Api-Version" used by client; use "Accept-Version"',
  'connection pool at 80% (8/10)',
  'cache miss rate high (62%) for users:list',
];

let timer;
function schedule() {
  timer = setTimeout(() => {
    const [method, path] = pick(calls);
    const req = http.request({ host: '127.0.0.1', port, method, path, agent: false }, (res) => res.resume());
    req.on('error', () => {});
    req.end(method === 'POST' ? '{"name":"New User"}' : undefined);
    if (Math.random() < 0.12) console.warn(`${c.cyan('[api]')} ${c.yellow('warn')} ${pick(warnings)}`);
    schedule();
  }, randInt(1000, 3000));
}
schedule();

onShutdown((signal) => {
  console.log(`${c.cyan('[api]')} received ${signal}, closing server`);
  clearTimeout(timer);
  closeServer(server);
});
