// Prints a corpus to stdout in big chunks and ends: `node bench/corpora/gen.mjs <corpus> [lines] [--done]`.
// lines defaults to FLOOD_LINES, else 1,000,000. --done adds a last line `flood done: N lines` (not counted in N),
// which is what the TUI flood bench waits to see on screen.
import { once } from 'node:events';
import { setImmediate as tick } from 'node:timers/promises';
import { CORPUS_NAMES, corpus } from './corpora.mjs';

function parseCount(v) {
  if (v === undefined || v === '') return undefined;
  const n = Number(String(v).replace(/_/g, ''));
  return Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}

const args = process.argv.slice(2);
const done = args.includes('--done');
const [name, count] = args.filter((a) => a !== '--done');
if (!name || !CORPUS_NAMES.includes(name)) {
  process.stderr.write(`usage: gen.mjs <${CORPUS_NAMES.join('|')}> [lines] [--done]\n`);
  process.exit(2);
}
const total = parseCount(count) ?? parseCount(process.env.FLOOD_LINES) ?? 1_000_000;

const out = process.stdout;
// A reader that went away (`gen.mjs plain | head`) ends us quietly, as it would end `cat`.
out.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
for (const chunk of corpus(name).chunks(total)) {
  if (!out.write(chunk)) await once(out, 'drain');
  // Writes to pipes, files and TTYs are synchronous here and never ask for 'drain': yield once per chunk anyway,
  // so a SIGTERM from the runner gets through.
  else await tick();
}
if (done) out.write(`flood done: ${total} lines\n`);
