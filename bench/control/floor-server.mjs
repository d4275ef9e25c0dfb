// The floor of bench/control's latency table: the least an HTTP+JSON API on a unix socket can do in Node. Answers
// /v1/processes and /v1/logs with the bodies brum gave for them (read from two files once), stringified per
// request as brum does, and nothing else: no token check, no query parsing, no state to read. Node's default
// keepAliveTimeout (5 s): with 1 s, as brum's API sets it, a Node client's agent drops the connection after every
// answer (it keeps a socket for the server's `Keep-Alive: timeout=1` hint less its 1 s margin: 0), and each request
// pays for a new connection.
//
//   node floor-server.mjs SOCKET PROCESSES_JSON LOGS_JSON
//
// Prints `listening` once it accepts connections; stops on SIGTERM.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [socketPath, processesFile, logsFile] = process.argv.slice(2);
const processes = JSON.parse(readFileSync(processesFile, 'utf8'));
const logs = JSON.parse(readFileSync(logsFile, 'utf8'));
const server = http.createServer((req, res) => {
  const text = JSON.stringify(req.url.startsWith('/v1/logs') ? logs : processes);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
});
server.listen(socketPath, () => process.stdout.write('listening\n'));
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
});
