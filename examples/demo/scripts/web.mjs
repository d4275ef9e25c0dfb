// A vite-like dev server: serves a page, logs every request, and pokes itself
// every 2–4 s so there is always something moving in the log.
import http from 'node:http';
import { c, closeServer, listenWithFallback, onShutdown, pick, portFrom, randInt } from './_lib.mjs';

const started = performance.now();
const wanted = portFrom(process.env.PORT, 5173);

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>brum demo</title></head>
<body><h1>brum demo</h1><p>Served by <code>scripts/web.mjs</code>.</p>
<script type="module" src="/src/main.ts"></script></body></html>
`;

const routes = {
  '/': ['text/html', PAGE],
  '/src/main.ts': ['text/javascript', "document.querySelector('h1').textContent += ' ✓';\n"],
  '/src/style.css': ['text/css', 'body { font-family: sans-serif; }\n'],
  '/@vite/client': ['text/javascript', '// hmr client stub\n'],
  '/assets/logo.svg': ['image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>\n'],
};

function statusColour(code) {
  if (code >= 500) return c.red(code);
  if (code >= 400) return c.yellow(code);
  return c.green(code);
}

const server = http.createServer((req, res) => {
  const t0 = performance.now();
  res.on('finish', () => {
    const ms = Math.round(performance.now() - t0);
    console.log(`${req.method} ${req.url} ${statusColour(res.statusCode)} ${c.dim(`${ms}ms`)}`);
  });
  // A little fake work so timings are not all 0ms.
  setTimeout(() => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[path];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not found\n');
      return;
    }
    res.writeHead(200, { 'content-type': route[0] });
    res.end(route[1]);
  }, randInt(1, 12));
});
server.keepAliveTimeout = 1000;

const port = await listenWithFallback(server, wanted);
const readyMs = Math.round(performance.now() - started);

console.log('');
console.log(`  ${c.bold(c.green('VITE v5.4.2'))}  ${c.dim('ready in')} ${c.bold(readyMs)} ${c.dim('ms')}`);
console.log('');
if (port !== wanted) console.log(`  ${c.yellow(`Port ${wanted} is in use, trying another one...`)}`);
console.log(`  ${c.green('➜')}  ${c.bold('Local:')}   ${c.cyan(`http://localhost:${port}/`)}`);
console.log(`  ${c.green('➜')}  ${c.bold('Network:')} ${c.dim('use --host to expose')}`);
console.log('');

// Simulated browser traffic against ourselves.
const paths = ['/', '/', '/src/main.ts', '/src/style.css', '/@vite/client', '/assets/logo.svg', '/favicon.ico'];
let timer;
function schedule() {
  timer = setTimeout(() => {
    const req = http.get({ host: '127.0.0.1', port, path: pick(paths), agent: false }, (res) => {
      res.resume();
    });
    req.on('error', () => {}); // shutting down, most likely
    schedule();
  }, randInt(2000, 4000));
}
schedule();

onShutdown(() => {
  clearTimeout(timer);
  closeServer(server);
});
