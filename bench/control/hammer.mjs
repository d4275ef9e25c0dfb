// The API client of bench/control, a process of its own (plain Node, so it loads in ~40 ms and shares nothing with
// the bench): sends GET /v1/processes and GET /v1/logs?name=NAME&limit=100 in turn over one keep-alive connection
// to a unix socket, back to back (INTERVAL_MS 0) or one every INTERVAL_MS, timing each from just before the
// request to the end of its body.
//
//   node hammer.mjs SOCKET TOKEN_FILE|- NAME IDLE_MS INTERVAL_MS SERVER_PID [GO_FILE DONE_FILE]
//
// 40 requests of warm-up (not kept), then IDLE_MS of requests kept as `idle`; then, with GO_FILE, creates it (the
// flood starts) and keeps requests as `flood` until DONE_FILE exists (checked before each request) or 120 s pass.
// Prints {idle, flood, errors, bytes, cpu} as JSON on stdout: latencies in ms per route, each route's last body size
// per phase, and the CPU time (user + system, ms) the server (from /proc/SERVER_PID/stat, 10 ms ticks) and this
// client spent over the idle phase, with the number of requests answered and of new connections they took.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';

const [socketPath, tokenFile, name, idleMs, intervalMs, serverPid, goFile, doneFile] = process.argv.slice(2);
const INTERVAL = Number(intervalMs);
const token = tokenFile === '-' ? '' : readFileSync(tokenFile, 'utf8').trim();
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const ROUTES = { processes: '/v1/processes', logs: `/v1/logs?name=${encodeURIComponent(name)}&limit=100` };
const KEYS = Object.keys(ROUTES);
const now = () => performance.now();
let errors = 0;
/** Requests that went out on a new connection rather than a kept-alive one. */
let fresh = 0;
const bytes = { idle: { processes: 0, logs: 0 }, flood: { processes: 0, logs: 0 } };

function get(path) {
  return new Promise((resolve) => {
    const req = http.request({ socketPath, path, agent, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      if (!req.reusedSocket) fresh++;
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve(res.statusCode === 200 ? n : -1));
    });
    req.on('error', () => resolve(-1));
    req.end();
  });
}

/** Requests in turn until `until()` says stop; latencies per route. */
async function phase(name, until) {
  const kept = { processes: [], logs: [] };
  const start = now();
  for (let i = 0; !until(); i++) {
    if (INTERVAL > 0) {
      const due = start + i * INTERVAL;
      const wait = due - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const key = KEYS[i % KEYS.length];
    const t0 = now();
    const n = await get(ROUTES[key]);
    const ms = now() - t0;
    if (n < 0) errors++;
    else {
      kept[key].push(ms);
      bytes[name][key] = n;
    }
  }
  return kept;
}

/** utime + stime of a process in ms (clock ticks of 10 ms). */
function cpuOf(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
const ownCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

for (let i = 0; i < 40; i++) await get(ROUTES[KEYS[i % KEYS.length]]);
const idleEnd = now() + Number(idleMs);
const cpu0 = [cpuOf(serverPid), ownCpu(), fresh];
const idle = await phase('idle', () => now() >= idleEnd);
const cpu = {
  server: cpuOf(serverPid) - cpu0[0],
  client: ownCpu() - cpu0[1],
  requests: idle.processes.length + idle.logs.length,
  connections: fresh - cpu0[2],
};
let flood = null;
if (goFile) {
  const deadline = now() + 120_000;
  writeFileSync(goFile, '');
  flood = await phase('flood', () => existsSync(doneFile) || now() >= deadline);
}
agent.destroy();
process.stdout.write(JSON.stringify({ idle, flood, errors, bytes, cpu }));
