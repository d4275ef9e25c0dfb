// What each corpus's lines look like: one maker per corpus, given a seeded random source, returns one template
// line. A template may hold one stamp slot, written `\0` + slot name (see SLOTS), which the generator fills per
// line from the line's index, so no two lines of a run are equal even though the templates are cycled.
// A maker may return several lines (an array) when they belong together (a stack trace).

/** Stamp slots: `start` is line 0's text; each digit of `mask` is the largest value that digit takes. */
export const SLOTS = {
  // The time of day, one millisecond per line (ISO logs).
  ms: { start: '10:00:00.000', mask: '29:59:59.999' },
  // Epoch milliseconds, one per line (pino/bunyan `time`).
  epoch: { start: '1700000000000', mask: '9999999999999' },
  // A dev server's clock, one second per line.
  sec: { start: '10:00:00', mask: '29:59:59' },
};

const S = (slot) => `\0${slot}`;

const pick = (rand, xs) => xs[Math.floor(rand() * xs.length)];
const int = (rand, lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const hex = (rand, n) => {
  let s = '';
  for (let i = 0; i < n; i++) s += '0123456789abcdef'[Math.floor(rand() * 16)];
  return s;
};

const SERVICES = ['api', 'web', 'worker', 'auth', 'billing', 'search', 'gateway', 'mailer'];
const HOSTS = ['web-1', 'web-2', 'api-7f9c4', 'worker-3', 'ip-10-0-3-17'];
const TABLES = ['users', 'orders', 'items', 'sessions', 'invoices', 'events'];
const WORDS = ['items', 'users', 'orders', 'cart', 'search', 'profile', 'settings', 'reports', 'billing', 'auth'];
const FILES = ['App', 'main', 'routes/index', 'components/Button', 'components/Header', 'lib/api', 'hooks/useCart', 'pages/Checkout'];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH'];

const urlPath = (rand) => {
  const base = `/api/${pick(rand, WORDS)}/${int(rand, 1, 99999)}`;
  return rand() < 0.3 ? `${base}?sort=${pick(rand, ['asc', 'desc'])}&page=${int(rand, 1, 40)}` : base;
};
const ip = (rand) => `10.${int(rand, 0, 255)}.${int(rand, 0, 255)}.${int(rand, 1, 254)}`;

/** `2026-11-23T10:00:00.123Z INFO api: request handled in 3ms path=/api/items/42`, 60–120 bytes. */
export function plainLine(rand) {
  for (;;) {
    const r = rand();
    const level = r < 0.7 ? 'INFO' : r < 0.87 ? 'DEBUG' : r < 0.995 ? 'WARN' : 'ERROR';
    const svc = pick(rand, SERVICES);
    const msg = pick(rand, [
      () => `request handled in ${int(rand, 0, 900)}ms path=${urlPath(rand)}`,
      () => `${pick(rand, METHODS)} ${urlPath(rand)} ${pick(rand, [200, 200, 200, 201, 204, 304, 404])} ${int(rand, 0, 400)}ms`,
      () => `cache ${pick(rand, ['hit', 'miss'])} key=${pick(rand, WORDS)}:${hex(rand, 8)}`,
      () => `db query ok rows=${int(rand, 0, 500)} took=${int(rand, 0, 90)}ms table=${pick(rand, TABLES)}`,
      () => `user ${int(rand, 1, 99999)} signed in from ${ip(rand)}`,
      () => `job ${pick(rand, ['sync-orders', 'send-digest', 'reindex', 'cleanup'])} finished id=${hex(rand, 12)} in ${(rand() * 9).toFixed(2)}s`,
      () => `upstream timeout after ${int(rand, 1000, 30000)}ms host=${pick(rand, HOSTS)}.internal`,
      () => `pool size=${int(rand, 1, 50)} idle=${int(rand, 0, 20)} waiting=${int(rand, 0, 9)}`,
    ])();
    let line = `2026-11-23T${S('ms')}Z ${level} ${svc}: ${msg}`;
    // The slot marker is 3 characters for a 12-character stamp.
    if (line.length + 9 < 60) line += ` reqId=${hex(rand, 16)}`;
    if (line.length + 9 >= 60 && line.length + 9 <= 120) return line;
  }
}

/** A pino line: `{"level":30,"time":1700000000000,"pid":123,"hostname":"web-1",...,"msg":"request completed"}`. */
export function jsonLine(rand) {
  const head = (level) => `{"level":${level},"time":${S('epoch')},"pid":${int(rand, 100, 9999)},"hostname":"${pick(rand, HOSTS)}"`;
  const r = rand();
  if (r < 0.7) {
    const req = `"req":{"id":${int(rand, 1, 999999)},"method":"${pick(rand, METHODS)}","url":"${urlPath(rand)}","remoteAddress":"${ip(rand)}"}`;
    return `${head(30)},${req},"res":{"statusCode":${pick(rand, [200, 200, 201, 204, 304, 404])}},"responseTime":${int(rand, 0, 800)},"msg":"request completed"}`;
  }
  if (r < 0.85) {
    return `${head(20)},"module":"${pick(rand, SERVICES)}","key":"${pick(rand, WORDS)}:${hex(rand, 16)}","hit":${rand() < 0.8},"ttlMs":${int(rand, 0, 60000)},"msg":"cache lookup"}`;
  }
  if (r < 0.97) {
    const sql = `SELECT * FROM ${pick(rand, TABLES)} WHERE id = $1 AND tenant_id = $2 ORDER BY created_at DESC LIMIT ${int(rand, 1, 100)}`;
    return `${head(40)},"query":"${sql}","durationMs":${int(rand, 200, 5000)},"msg":"slow query"}`;
  }
  const stack = `Error: connect ECONNREFUSED ${ip(rand)}:5432\\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16)`;
  return `${head(50)},"err":{"type":"Error","message":"connect ECONNREFUSED","stack":"${stack}"},"msg":"db connection failed"}`;
}

const dim = (s) => `\x1b[2m${s}\x1b[22m`;
const bold = (s) => `\x1b[1m${s}\x1b[22m`;
const green = (s) => `\x1b[32m${s}\x1b[39m`;
const cyan = (s) => `\x1b[36m${s}\x1b[39m`;
const yellow = (s) => `\x1b[33m${s}\x1b[39m`;

/** vite, next and webpack dev-server output, coloured; about a fifth of the lines carry ✓, ➜ or ○. */
export function ansiLine(rand) {
  const clock = dim(`${S('sec')} PM`);
  const vite = `${clock} \x1b[36m\x1b[1m[vite]\x1b[22m\x1b[39m`;
  const file = `/src/${pick(rand, FILES)}.tsx`;
  const route = `/${pick(rand, WORDS)}/${pick(rand, ['[id]', 'page', 'settings', 'new'])}`;
  return pick(rand, [
    () => `${vite} ${green('hmr update ')}${dim(file)}${rand() < 0.3 ? ` ${yellow(`(x${int(rand, 2, 9)})`)}` : ''}`,
    () => `${vite} ${green('hmr update ')}${dim(file)}, ${dim(`/src/${pick(rand, FILES)}.css`)}`,
    () => `${vite} ${green('page reload ')}${dim(`src/${pick(rand, FILES)}.ts`)}`,
    () => ` ${green('✓')} Compiled ${route} in ${int(rand, 20, 4000)}ms (${int(rand, 200, 3000)} modules)`,
    () => ` \x1b[37m\x1b[1m○\x1b[22m\x1b[39m Compiling ${route} ...`,
    () => `  ${green('➜')}  ${bold('Local')}:   ${cyan(`http://localhost:${bold(String(int(rand, 3000, 5999)))}/`)}`,
    () => ` GET ${route} ${pick(rand, [200, 200, 304, 404])} in ${int(rand, 5, 900)}ms`,
    () => `asset ${bold(green(`${pick(rand, ['main', 'vendor', 'runtime'])}.${hex(rand, 8)}.js`))} ${(rand() * 900).toFixed(1)} KiB ${bold(green('[emitted]'))} (name: main)`,
    () => `webpack 5.${int(rand, 80, 99)}.0 compiled ${bold(green('successfully'))} in ${int(rand, 40, 9000)} ms`,
    () => `\x1b[90m[${S('sec')}]\x1b[0m File change detected. Starting incremental compilation...`,
    () => `${vite} ${yellow('✨ new dependencies optimized: ')}${cyan(`${pick(rand, ['react-dom', 'zod', 'date-fns', 'lodash-es'])}`)}`,
  ])();
}

const ERRORS = [
  ['TypeError', () => "Cannot read properties of undefined (reading 'id')"],
  ['Error', (rand) => `connect ECONNREFUSED ${ip(rand)}:5432`],
  ['RangeError', () => 'Maximum call stack size exceeded'],
  ['Error', (rand) => `ENOENT: no such file or directory, open '/app/data/${hex(rand, 6)}.json'`],
  ['SyntaxError', (rand) => `Unexpected token '<', "<!DOCTYPE "... is not valid JSON at position ${int(rand, 0, 99)}`],
];
const TS_ERRORS = [
  "TS2322: Type 'string' is not assignable to type 'number'.",
  "TS2339: Property 'items' does not exist on type 'Cart'.",
  "TS2345: Argument of type 'undefined' is not assignable to parameter of type 'string'.",
  "TS7006: Parameter 'event' implicitly has an 'any' type.",
  "TS2304: Cannot find name 'useCart'.",
];

/** A Node stack trace (3 to 9 frames) or a tsc error line: the error shapes of the `mix` corpus. */
export function errorBlock(rand, shape) {
  if (shape === 'tsc') return [`src/${pick(rand, FILES)}.ts(${int(rand, 1, 400)},${int(rand, 1, 60)}): error ${pick(rand, TS_ERRORS)}`];
  const [type, message] = pick(rand, ERRORS);
  const lines = [`${type}: ${message(rand)}`];
  const frames = int(rand, 3, 9);
  for (let f = 0; f < frames; f++) {
    const fn = pick(rand, ['handler', 'loadUser', 'Router.handle', 'async Promise.all', 'Object.<anonymous>', 'processTicksAndRejections']);
    lines.push(
      fn === 'processTicksAndRejections'
        ? '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)'
        : `    at ${fn} (/app/src/${pick(rand, FILES)}.ts:${int(rand, 1, 400)}:${int(rand, 1, 60)})`,
    );
  }
  return lines;
}

/** Lines of 2–8 KB: big JSON payloads, minified-bundle warnings, long circular-dependency chains. */
export function longLine(rand) {
  const target = int(rand, 2048, 8000);
  const kind = rand();
  let line;
  let piece;
  let end = '';
  if (kind < 0.45) {
    line = `{"level":30,"time":${S('epoch')},"hostname":"${pick(rand, HOSTS)}","msg":"response body","body":{"items":[`;
    let id = int(rand, 1, 9999);
    piece = () => `{"id":${id++},"sku":"SKU-${hex(rand, 6)}","name":"${pick(rand, WORDS)} ${pick(rand, WORDS)}","price":${(rand() * 200).toFixed(2)},"tags":["${pick(rand, WORDS)}","${pick(rand, WORDS)}"]},`;
    end = '{}]}}';
  } else if (kind < 0.8) {
    line = `[${S('ms')}] (!) [plugin vite:esbuild] /app/node_modules/.vite/deps/chunk-${hex(rand, 8).toUpperCase()}.js (1:${int(rand, 1000, 99999)}): Use of eval is strongly discouraged: `;
    piece = () => {
      const v = 'abcdefghinoprt'[Math.floor(rand() * 14)];
      return `function(${v},t,n){"use strict";var r=n(${int(rand, 1, 999)}),o=n(${int(rand, 1, 999)});${v}.exports=function(e){return r(e)&&o(e.length)?e:void 0}},`;
    };
  } else {
    line = `[${S('ms')}] (!) Circular dependency: src/${pick(rand, FILES)}.ts`;
    piece = () => ` -> src/${pick(rand, WORDS)}/${pick(rand, FILES)}.ts`;
  }
  while (line.length < target) line += piece();
  return line + end;
}
