// Small shared helpers for the demo scripts. Node built-ins only.
import { createServer } from 'node:http';

// --- colour, the way most CLIs decide it -------------------------------------
function colourWanted() {
  const env = process.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return !(force === '0' || force === 'false');
  return Boolean(process.stdout.isTTY);
}

export const useColour = colourWanted();
const wrap = (open, close) => (s) => (useColour ? `\x1b[${open}m${s}\x1b[${close}m` : String(s));
export const c = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  magenta: wrap(35, 39),
  cyan: wrap(36, 39),
  grey: wrap(90, 39),
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export const randInt = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1));
export const pick = (arr) => arr[Math.floor(Math.random() * arr.length)];

/** "12:03:04 PM", like tsc / vite use. */
export const clock = () => new Date().toLocaleTimeString('en-US');

// --- pipes --------------------------------------------------------------------
// `node scripts/x.mjs | head` must not die with an EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

// --- shutdown -------------------------------------------------------------------
/**
 * Run `cleanup` on SIGTERM/SIGINT, then let the event loop drain. A fallback
 * timer guarantees we are gone well within a second; a second signal exits now.
 */
export function onShutdown(cleanup) {
  let stopping = false;
  const handler = (signal) => {
    if (stopping) process.exit(0);
    stopping = true;
    try {
      cleanup?.(signal);
    } catch (err) {
      console.error(err);
    }
    process.exitCode = 0;
    setTimeout(() => process.exit(0), 500).unref();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
}

// --- servers --------------------------------------------------------------------
/**
 * Listen on `port`, or the next few ports if it is taken, or finally any free
 * port: the demo should never crash just because the machine is busy.
 * Resolves to the port actually bound.
 */
export async function listenWithFallback(server, port, host = '127.0.0.1', tries = 10) {
  const candidates = [];
  for (let i = 0; i < tries; i++) candidates.push(port + i);
  candidates.push(0); // last resort: let the OS choose
  for (const p of candidates) {
    try {
      await new Promise((resolve, reject) => {
        const onError = (err) => {
          server.off('listening', onListening);
          reject(err);
        };
        const onListening = () => {
          server.off('error', onError);
          resolve();
        };
        server.once('error', onError);
        server.once('listening', onListening);
        server.listen(p, host);
      });
      return server.address().port;
    } catch (err) {
      if (err.code !== 'EADDRINUSE' && err.code !== 'EACCES') throw err;
    }
  }
  throw new Error('no free port found');
}

/** Close a server and drop keep-alive sockets so shutdown is immediate. */
export function closeServer(server) {
  server.close();
  server.closeAllConnections?.();
}

export { createServer };

/** Parse a port from an env var, falling back to `dflt` on junk. */
export function portFrom(value, dflt) {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isInteger(n) && n >= 0 && n < 65536 ? n : dflt;
}
