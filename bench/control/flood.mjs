// The children of bench/control (plain Node, run by brum as any command is):
//
//   node flood.mjs flood CORPUS LINES PREAMBLE GO_FILE DONE_FILE
//     prints PREAMBLE corpus lines (so a read of the newest 100 lines has real lines to return), then waits for
//     GO_FILE to exist (checked every 2 ms), prints LINES lines of the corpus in 64 KiB chunks as
//     bench/corpora/gen.mjs does, then `flood done: LINES lines`, and writes "T0 T1" to DONE_FILE: the moment it
//     saw GO_FILE and the moment its last write returned, in ms since the epoch (performance.timeOrigin + now(),
//     the clock every process of the bench reads). A write to a pipe blocks here until the reader (brum) has made
//     room, so T1 − T0 is how long brum took to take the flood in, less the last pipe buffer.
//   node flood.mjs pipe CORPUS LINES
//     the same flood with no wait and no preamble, straight to stdout (the floor: a reader on the pipe itself);
//     "T0 T1" goes to stderr.
//   node flood.mjs idle MARKER
//     prints nothing and waits to be stopped (the second process; MARKER is only there to be found by pgrep).
import { existsSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { corpus } from '../corpora/corpora.mjs';

const now = () => performance.timeOrigin + performance.now();
const [mode, ...args] = process.argv.slice(2);
const out = process.stdout;
out.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

async function write(name, lines) {
  for (const chunk of corpus(name).chunks(lines)) {
    if (!out.write(chunk)) await once(out, 'drain');
    // Writes to pipes are synchronous here: yield once per chunk so a SIGTERM gets through.
    else await tick();
  }
}

if (mode === 'idle') {
  setInterval(() => undefined, 1 << 30);
} else if (mode === 'pipe') {
  const [name, lines] = args;
  const t0 = now();
  await write(name, Number(lines));
  out.write(`flood done: ${lines} lines\n`);
  process.stderr.write(`${t0} ${now()}\n`);
} else if (mode === 'flood') {
  const [name, lines, preamble, goFile, doneFile] = args;
  await write(name, Number(preamble));
  while (!existsSync(goFile)) await new Promise((r) => setTimeout(r, 2));
  const t0 = now();
  await write(name, Number(lines));
  out.write(`flood done: ${lines} lines\n`);
  const t1 = now();
  writeFileSync(doneFile, `${t0} ${t1}\n`);
} else {
  process.stderr.write('usage: flood.mjs flood|pipe|idle …\n');
  process.exit(2);
}
