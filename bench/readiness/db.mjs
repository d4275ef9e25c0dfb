// A stand-in for a database or dev server that takes a moment to become ready, for readiness.bench.ts.
// Usage: node db.mjs tcp|http|log PORT DELAY_MS OUT_FILE
// It becomes ready DELAY_MS after its first statement and writes the exact moment (ms since the epoch, sub-ms,
// performance.timeOrigin + performance.now()) to OUT_FILE:
//   tcp   starts listening on 127.0.0.1:PORT (the moment is taken just before listen());
//   http  listens at once but answers 503 until ready, then 200 (the moment is when the answer flips);
//   log   prints a line every 40 ms while it "starts", then "database system is ready to accept connections".
// It runs until it is signalled, as a server does.
import { writeFileSync } from 'node:fs';
import { createServer as createHttp } from 'node:http';
import { createServer as createTcp } from 'node:net';

const [kind, portText, delayText, out] = process.argv.slice(2);
const port = Number(portText);
const delay = Number(delayText);
const now = () => performance.timeOrigin + performance.now();
const stamp = () => new Date().toISOString();

let ready = false;
// The first listen of a process spends ~15 ms loading what it needs before the socket listens: done here, at
// start-up, so that the moment taken just before the real listen() is within a fraction of a ms of readiness
// (and never after it: a check may connect before the listening callback runs).
if (kind === 'tcp') createTcp().listen(0, '127.0.0.1', function () { this.close(); });
const becameReady = (at) => writeFileSync(out, `${at}\n`);

if (kind === 'http') {
  createHttp((req, res) => {
    res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' });
    res.end(ready ? 'ok\n' : 'starting\n');
  }).listen(port, '127.0.0.1');
}

let step = 0;
const noise = kind === 'log'
  ? setInterval(() => console.log(`${stamp()} [${process.pid}] LOG:  redo starts at 0/${(++step * 4096).toString(16).toUpperCase()}`), 40)
  : null;

setTimeout(() => {
  if (noise) clearInterval(noise);
  if (kind === 'tcp') {
    const at = now();
    createTcp((socket) => socket.destroy()).listen(port, '127.0.0.1');
    becameReady(at);
  } else if (kind === 'http') {
    const at = now();
    ready = true;
    becameReady(at);
  } else {
    const at = now();
    console.log(`${stamp()} [${process.pid}] LOG:  database system is ready to accept connections`);
    becameReady(at);
  }
  // Still up, as a server is, until brum (or the floor) stops it.
  setInterval(() => undefined, 60_000);
}, delay);
