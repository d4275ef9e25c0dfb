/**
 * The reaper: a tiny separate process that outlives brum only long enough to clean up after it.
 * brum writes "+PGID" / "-PGID" lines to our stdin as it creates and retires process groups. When stdin closes
 * (brum exited, crashed, or was SIGKILLed and the kernel closed its end), we kill every group still registered.
 * It never touches a group brum did not register.
 */
import { groupAlive, signalGroup } from './process-group';

const groups = new Set<number>();
let buffered = '';

function onLine(line: string): void {
  const pgid = Number(line.slice(1));
  if (!Number.isInteger(pgid) || pgid <= 1) return;
  if (line[0] === '+') groups.add(pgid);
  else if (line[0] === '-') groups.delete(pgid);
}

function reapAndExit(): void {
  const live = [...groups].filter((g) => signalGroup(g, 'SIGTERM'));
  const deadline = Date.now() + 1000;
  const tick = (): void => {
    const left = live.filter((g) => groupAlive(g));
    if (left.length === 0 || Date.now() >= deadline) {
      for (const g of left) signalGroup(g, 'SIGKILL');
      process.exit(0);
    }
    setTimeout(tick, 50);
  };
  tick();
}

// brum's terminal may send the foreground group a signal; the reaper must survive it to do its job.
for (const sig of ['SIGINT', 'SIGHUP', 'SIGTERM', 'SIGQUIT'] as const) process.on(sig, () => undefined);

process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  buffered += chunk;
  let nl = buffered.indexOf('\n');
  while (nl !== -1) {
    onLine(buffered.slice(0, nl));
    buffered = buffered.slice(nl + 1);
    nl = buffered.indexOf('\n');
  }
});
process.stdin.on('end', reapAndExit);
process.stdin.on('error', reapAndExit);
