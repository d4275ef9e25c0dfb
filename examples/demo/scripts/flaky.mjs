// Does a bit of work, then hits a genuine bug: reading `.id` of undefined.
// The uncaught TypeError gives a real Node stack trace and exit code 1.
import { c, onShutdown, sleep } from './_lib.mjs';

// Nothing to clean up: just stop before the bug fires.
onShutdown(() => process.exit(0));

const accounts = [
  { id: 'acc_1', owner: 'ada' },
  { id: 'acc_2', owner: 'grace' },
  { id: 'acc_3', owner: 'linus' },
];
const events = [
  { type: 'invoice.paid', owner: 'ada' },
  { type: 'invoice.paid', owner: 'grace' },
  { type: 'customer.updated', owner: 'linus' },
  { type: 'invoice.paid', owner: 'margaret' }, // no such account
];

function findAccount(owner) {
  return accounts.find((a) => a.owner === owner);
}

function applyEvent(event) {
  const account = findAccount(event.owner);
  return `${event.type} -> ${account.id}`; // bug: account is undefined for unknown owners
}

function syncBatch(batch) {
  return batch.map(applyEvent);
}

console.log('[sync] connecting to queue...');
await sleep(600);
console.log(`[sync] connected, ${events.length} events pending`);

for (let i = 0; i < events.length; i++) {
  await sleep(800);
    const [line] = syncBatch([events[i]]); // throws on the last event
  console.log(`[sync] ${c.green('✓')} event ${i + 1}/${events.length}: ${line}`);
}
console.log('[sync] done'); // never reached
