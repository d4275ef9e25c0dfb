// Detection runs on every line the children print, inside the 1M-lines-in-1-s ingestion budget, so it must
// cost a small fraction of that: this feeds 1M realistic lines through one detector and reports the rate.
import { createDetector } from '../src/logs/detectors';
import type { LogEntry } from '../src/logs/log-entry';

const TOTAL = 1_000_000;
const TARGET_LINES_PER_S = 3_000_000;

const ESC = '\x1b';
const paths = ['/api/users', '/api/orders/42', '/health', '/static/app.js', '/api/search?q=shoes', '/favicon.ico'];
const words = ['cache', 'session', 'worker', 'queue', 'request', 'payload', 'handler', 'retry', 'socket', 'config'];

/** An ordinary dev-server line; about one in ten is coloured, as pretty loggers do. */
function ordinary(i: number): string {
  const clock = `${String(10 + (i % 14)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}`;
  switch (i % 8) {
    case 0:
      return `${clock} GET ${paths[i % paths.length]} 200 ${i % 97}ms`;
    case 1:
      return `${ESC}[2m${clock}${ESC}[22m ${ESC}[36m${ESC}[1m[vite]${ESC}[22m${ESC}[39m ${ESC}[32mhmr update ${ESC}[39m${ESC}[2m/src/components/Item${i % 50}.tsx${ESC}[22m`;
    case 2:
      return `{"level":30,"time":${1710000000000 + i},"pid":4242,"msg":"${words[i % words.length]} ready","reqId":"req-${i % 1000}"}`;
    case 3:
      return `[${clock}] INFO  ${words[i % words.length]} processed ${i % 500} items in ${i % 90} ms`;
    case 4:
      return `  ${words[(i + 3) % words.length]}: connected to db pool (size=${i % 16}, idle=${i % 7})`;
    case 5:
      return `${clock} POST ${paths[(i + 1) % paths.length]} 201 ${i % 41}ms - ${i % 4096}b`;
    case 6:
      return `[${clock}] File change detected. Starting incremental compilation...`;
    default:
      return `debug: ${words[i % words.length]} ${words[(i + 5) % words.length]} took ${i % 1000}`;
  }
}

const errorBlocks: readonly (readonly string[])[] = [
  [
    'TypeError: Cannot read properties of undefined (reading "id")',
    '    at handler (/app/src/routes/users.js:42:17)',
    '    at Layer.handle (/app/node_modules/express/lib/router/layer.js:95:5)',
    '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
  ],
  [`${ESC}[96msrc/server.ts${ESC}[0m:${ESC}[93m12${ESC}[0m:${ESC}[93m5${ESC}[0m - ${ESC}[91merror${ESC}[0m${ESC}[90m TS2322: ${ESC}[0mType 'string' is not assignable to type 'number'.`, '', "12     const port: number = '3000';", '          ~~~~'],
  ['npm ERR! code ELIFECYCLE', 'npm ERR! errno 1', 'npm ERR! app@1.0.0 dev: `node server.js`'],
];

/** Flat strings (as decoded from a Buffer), like the ones the line splitter produces. */
function flat(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** 1M lines: the ordinary pool, with an error block every 20k lines and a server URL every 50k. */
function buildEntries(line: (i: number) => string): LogEntry[] {
  const pool = Array.from({ length: 4096 }, (_, i) => flat(line(i)));
  const entries: LogEntry[] = [];
  let seq = 0;
  const push = (text: string): void => {
    entries.push({ seq: seq++, proc: 'web', stream: 'stdout', ts: 0, text });
  };
  for (let i = 0; entries.length < TOTAL; i++) {
    if (i % 20_000 === 10_000) for (const text of errorBlocks[(i / 20_000) % errorBlocks.length | 0] ?? []) push(flat(text));
    else if (i % 50_000 === 25_000) push(flat(`  ➜  Local:   http://localhost:${5000 + ((i / 50_000) | 0)}/`));
    else push(pool[i % pool.length] ?? '');
  }
  return entries;
}

function run(entries: readonly LogEntry[]): { ms: number; detections: number } {
  const detector = createDetector('web');
  let detections = 0;
  const start = process.hrtime.bigint();
  for (const entry of entries) detections += detector.feed(entry).length;
  detections += detector.flush().length;
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, detections };
}

/** Median of three timed runs after a warm-up, so the regexes and the feed path are optimised first. */
function measure(label: string, entries: readonly LogEntry[]): number {
  run(entries.slice(0, 100_000));
  const runs = [run(entries), run(entries), run(entries)];
  const times = runs.map((r) => r.ms).sort((a, b) => a - b);
  const median = times[1] ?? 0;
  const linesPerS = Math.round((TOTAL / median) * 1000);
  console.log(`${label}: ${TOTAL.toLocaleString('en-US')} lines, ${runs[0]?.detections ?? 0} detections per run`);
  console.log(`  runs (ms): ${times.map((t) => t.toFixed(1)).join(', ')}`);
  console.log(`  median: ${((median * 1e6) / TOTAL).toFixed(1)} ns/line, ${linesPerS.toLocaleString('en-US')} lines/s`);
  return linesPerS;
}

const mixed = measure('detectors, realistic mix (1 line in 8 coloured)', buildEntries(ordinary));
console.log(`  ${mixed >= TARGET_LINES_PER_S ? 'PASS' : 'MISS'} (target ≥ ${TARGET_LINES_PER_S.toLocaleString('en-US')} lines/s)`);
// For information: a logger that colours every line (pino-pretty, chalk everywhere) is the slow case.
const colourAll = (i: number): string => `${ESC}[2m${ordinary(i)}${ESC}[22m`;
measure('detectors, every line coloured (information only)', buildEntries(colourAll));
