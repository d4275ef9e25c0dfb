// The floor runners of readiness.bench.ts: the least a runner written in Node could do, timed in the same
// run as brum. No store, no log keeping, no output: spawn, watch, spawn again, and write down when.
//
//   node floor.mjs ready tcp|http|log PORT PATTERN DB_COMMAND API_COMMAND OUT_FILE
//     Starts DB_COMMAND, checks readiness as brum's probe of that kind does, but every 10 ms (brum's shortest
//     period) instead of every 100 ms, or, for log, on every chunk of output the moment it arrives; spawns
//     API_COMMAND the moment the check passes and writes two times to OUT_FILE: the check passing, and the API's
//     spawn event. When the API exits, stops the DB's process group and exits.
//   node floor.mjs restart N COMMAND OUT_FILE
//     Runs COMMAND, and again the moment it exits, N more times; writes the time of every spawn event.
//
// Commands run through a shell in a process group of their own, with their output on pipes, as brum runs them.
import { spawn } from 'node:child_process';
import { appendFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';

const now = () => performance.timeOrigin + performance.now();
const POLL_MS = 10;

function run(command) {
  const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr.resume();
  return child;
}

const tcpAttempt = (port) =>
  new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });

const httpAttempt = (port) =>
  new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/health', agent: false, headers: { connection: 'close' } }, (res) => {
      const ok = (res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 400;
      req.destroy();
      resolve(ok);
    });
    req.on('error', () => resolve(false));
    req.end();
  });

function killGroup(pid) {
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    // Gone already.
  }
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'ready') {
  const [kind, portText, pattern, dbCommand, apiCommand, out] = args;
  const port = Number(portText);
  const db = run(dbCommand);
  let started = false;
  const startApi = () => {
    if (started) return;
    started = true;
    const passed = now();
    const api = run(apiCommand);
    api.stdout.resume();
    api.once('spawn', () => writeFileSync(out, `${passed}\n${now()}\n`));
    api.once('exit', () => killGroup(db.pid));
  };
  if (kind === 'log') {
    const re = new RegExp(pattern);
    let rest = '';
    db.stdout.setEncoding('utf8');
    db.stdout.on('data', (chunk) => {
      if (started) return;
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      if (lines.some((line) => re.test(line))) startApi();
    });
  } else {
    db.stdout.resume();
    const attempt = kind === 'tcp' ? tcpAttempt : httpAttempt;
    // Attempts every 10 ms from the start of the previous one, never overlapping, as brum's probes.
    const loop = async () => {
      while (!started) {
        const t = performance.now();
        if (await attempt(port)) return startApi();
        await new Promise((r) => setTimeout(r, Math.max(0, t + POLL_MS - performance.now())));
      }
    };
    void loop();
  }
} else if (mode === 'restart') {
  const [nText, command, out] = args;
  let left = Number(nText);
  const once = () => {
    const child = run(command);
    child.stdout.resume();
    child.once('spawn', () => appendFileSync(out, `spawn ${now()}\n`));
    child.once('exit', () => {
      if (left-- > 0) once();
    });
  };
  once();
} else {
  process.stderr.write('usage: floor.mjs ready KIND PORT PATTERN DB_COMMAND API_COMMAND OUT_FILE | restart N COMMAND OUT_FILE\n');
  process.exit(2);
}
