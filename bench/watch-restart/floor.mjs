// The floor runner of watch-restart.bench.ts: the least a file-watching restarter written in Node could do,
// timed in the same run as brum. No store, no logs, no notes: fs.watch, a trailing debounce, kill, spawn again.
//
//   node floor.mjs WATCH_DIR DEBOUNCE_MS COMMAND OUT_FILE
//     Runs COMMAND (through a shell, in a process group of its own, output on pipes, as brum runs it) and watches
//     WATCH_DIR with fs.watch(…, { recursive: true }). DEBOUNCE_MS after the last event of a burst, it sends SIGTERM
//     to the group, waits for the exit event and spawns COMMAND again; events while that is under way are dropped
//     (brum keeps one pending restart instead). Appends `event|kill|exit|spawn <ms since the epoch>` lines to
//     OUT_FILE (event: the first of a burst). On SIGINT or SIGTERM it stops the group and exits.
import { spawn } from 'node:child_process';
import { appendFileSync, watch } from 'node:fs';

const [dir, debounceText, command, out] = process.argv.slice(2);
const debounceMs = Number(debounceText);
const now = () => performance.timeOrigin + performance.now();
const log = (what) => appendFileSync(out, `${what} ${now()}\n`);

let child = null;
let busy = false;
let timer = null;
let burst = false;
let ending = false;

function run() {
  const c = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  c.stdout.resume();
  c.stderr.resume();
  c.once('spawn', () => log('spawn'));
  child = c;
  return c;
}

function killGroup(c) {
  try {
    process.kill(-c.pid, 'SIGTERM');
  } catch {
    // Gone already.
  }
}

function restart() {
  burst = false;
  busy = true;
  const old = child;
  const again = () => {
    log('exit');
    if (ending) return;
    run();
    busy = false;
  };
  log('kill');
  // Ended by itself already: start it again at once.
  if (old.exitCode !== null || old.signalCode !== null) return again();
  old.once('exit', again);
  killGroup(old);
}

watch(dir, { recursive: true }, () => {
  if (busy || ending) return;
  if (!burst) {
    burst = true;
    log('event');
  }
  clearTimeout(timer);
  timer = setTimeout(restart, debounceMs);
});

const end = () => {
  ending = true;
  clearTimeout(timer);
  if (child === null || child.exitCode !== null || child.signalCode !== null) process.exit(0);
  child.once('exit', () => process.exit(0));
  killGroup(child);
};
process.on('SIGINT', end);
process.on('SIGTERM', end);
run();
