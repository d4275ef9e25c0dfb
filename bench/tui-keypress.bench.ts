// A real terminal (tmux, 120x40) while a flood is on screen: how long from a keypress (j/k moves the selection) to
// the moved selection marker `›` on screen. The merged log (`a`) keeps the flood on screen whichever row is
// selected, so every key is measured while brum is drawing the flood.
import {
  BIN,
  DEMO,
  TmuxPane,
  TreeWatch,
  leftovers,
  listRows,
  median,
  passMiss,
  percentile,
  POLL_METHOD,
  requireTmux,
  screenOf,
  timeUntil,
  waitExit,
} from './lib/tmux';

// Far more than the measurement needs, so the flood is still running when the last key is sent; quitting stops it.
const LINES = Number(process.env.BENCH_FLOOD_LINES ?? 50_000_000);
const KEYS = Number(process.env.BENCH_KEYS ?? 30);
const EVERY_MS = 150;

const selectedIndex = (screen: string): number => listRows(screen).findIndex((r) => r.selected);
/** The newest flood line number on screen, so we can tell the flood was flowing while a key was measured. */
const newestLine = (screen: string): number => Math.max(0, ...[...screen.matchAll(/flood line (\d+)/g)].map((m) => Number(m[1])));
const floodRunning = (screen: string): boolean => listRows(screen).some((r) => r.name === 'flood' && r.icon === '●');
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, Math.max(0, ms)));

interface Sample {
  readonly ms: number | null;
  /** The flood was running and its newest line on screen had moved on since the previous key. */
  readonly flowing: boolean;
}

requireTmux();
const pane = TmuxPane.open({ argv: [process.execPath, BIN, '-C', DEMO, 'flood'], cwd: DEMO, width: 120, height: 40, env: { FLOOD_LINES: String(LINES) } });
const tree = new TreeWatch(pane);
const live = await screenOf(pane);
const samples: Sample[] = [];
// Assigned inside the try: the report below is reached only when it completed.
let left: { clean: boolean; text: string };
let firstLine: number;
let lastLine: number;
try {
  const t0 = performance.now();
  const flowing = await timeUntil(live, t0, (s) => floodRunning(s) && newestLine(s) > 0, 15_000, 20);
  if (flowing === null) throw new Error(`the flood never showed:\n${pane.capture()}`);
  tree.sample();
  await live.send('a');
  const merged = await timeUntil(live, performance.now(), (s) => s.includes('all processes'), 5000, 10);
  if (merged === null) throw new Error(`the merged log never showed:\n${pane.capture()}`);
  let screen = await live.capture();
  firstLine = newestLine(screen);
  let previousLine = firstLine;
  for (let i = 0; i < KEYS; i++) {
    const before = selectedIndex(screen);
    // Alternate, but always in a direction that can move (the list does not wrap at its ends).
    const rows = listRows(screen).length;
    const key = before <= 0 ? 'j' : before >= rows - 1 ? 'k' : i % 2 === 0 ? 'k' : 'j';
    const sent = performance.now();
    await live.send(key);
    const ms = await timeUntil(live, sent, (s) => {
      screen = s;
      return selectedIndex(s) !== before;
    }, 2000, 1);
    const line = newestLine(screen);
    samples.push({ ms, flowing: floodRunning(screen) && line > previousLine });
    previousLine = line;
    if (i % 5 === 0) tree.sample();
    await pause(EVERY_MS - (performance.now() - sent));
  }
  lastLine = previousLine;
  await live.send('q');
  const exit = await waitExit(pane, 20_000);
  console.log(`brum exit code after q: ${exit ?? 'did not exit'}`);
  left = await leftovers(tree);
} finally {
  live.close();
  pane.close();
}

const measured = samples.filter((s) => s.flowing && s.ms !== null).map((s) => s.ms as number);
const missed = samples.filter((s) => s.ms === null).length;
console.log(
  `Keypress (j/k) → selection marker moved on screen, a key every ~${EVERY_MS} ms during a ${LINES.toLocaleString('en-US')}-line flood, merged log ` +
    `(keys and screen reads ${POLL_METHOD === 'control' ? 'through one tmux control client' : 'through one tmux process each'}).`,
);
console.log(`  keys sent ${samples.length}; measured while lines were flowing ${measured.length}; not seen within 2 s ${missed}`);
console.log(`  flood line on screen: ${firstLine.toLocaleString('en-US')} at the first key → ${lastLine.toLocaleString('en-US')} at the last`);
if (measured.length > 0) {
  const p95 = percentile(measured, 95);
  console.log(
    `  latency ms: p50 ${median(measured).toFixed(0)}  p95 ${p95.toFixed(0)}  max ${Math.max(...measured).toFixed(0)}  min ${Math.min(...measured).toFixed(0)}`,
  );
  console.log(`  p95 ≤ 100 ms: ${passMiss(p95 <= 100 && missed === 0 && measured.length >= 20)}`);
} else {
  console.log('  p95 ≤ 100 ms: MISS (nothing measured while the flood was flowing)');
}
console.log(`  processes left after quitting: ${left.text}`);
