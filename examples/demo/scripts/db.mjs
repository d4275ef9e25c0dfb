// A stand-in database: takes ~1.2 s to "recover", then accepts TCP connections on DB_PORT (default 54329).
// brum.yaml waits for that port (`ready: { tcp: 54329 }`) before it runs the migration and the API.
import net from 'node:net';
import { c, closeServer, onShutdown, portFrom, sleep } from './_lib.mjs';

const port = portFrom(process.env.DB_PORT, 54329);
console.log(`${c.magenta('[db]')} starting, replaying write-ahead log…`);
await sleep(600);
console.log(`${c.magenta('[db]')} redo done at 0/1A2B3C8`);
await sleep(600);

let clients = 0;
const server = net.createServer((socket) => {
  clients++;
  socket.on('close', () => clients--);
  socket.on('error', () => {});
  socket.end('ok\n');
});
server.on('error', (error) => {
  console.error(`${c.magenta('[db]')} ${c.red('FATAL')}: could not bind 127.0.0.1:${port}: ${error.code}`);
  process.exit(1);
});
server.listen(port, '127.0.0.1', () => {
  console.log(`${c.magenta('[db]')} ready to accept connections on 127.0.0.1:${port}`);
});

onShutdown((signal) => {
  console.log(`${c.magenta('[db]')} received ${signal}: fast shutdown (${clients} client${clients === 1 ? '' : 's'})`);
  closeServer(server);
});
