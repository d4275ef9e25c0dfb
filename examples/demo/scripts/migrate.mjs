// A one-shot migration: connects to the database (DB_PORT, default 54329), applies three migrations, exits 0.
// brum.yaml runs it once the database is ready, and starts the API only after it succeeded.
import net from 'node:net';
import { c, portFrom, sleep } from './_lib.mjs';

const port = portFrom(process.env.DB_PORT, 54329);
await new Promise((resolve, reject) => {
  const socket = net.connect(port, '127.0.0.1', () => {
    socket.end();
    resolve();
  });
  socket.on('error', reject);
}).catch((error) => {
  console.error(`${c.red('error')}: cannot reach the database on 127.0.0.1:${port} (${error.code})`);
  process.exit(1);
});
console.log(`[migrate] connected to 127.0.0.1:${port}`);
for (const name of ['001_create_users', '002_add_roles', '003_index_users_email']) {
  await sleep(150);
  console.log(`[migrate] applying ${name} … ${c.green('ok')}`);
}
console.log('[migrate] 3 migrations applied');
