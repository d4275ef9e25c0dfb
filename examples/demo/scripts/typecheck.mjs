// A "tsc --watch" look-alike: a compile cycle every ~5 s, and every third
// cycle the same type error shows up (then gets "fixed" again).
import { c, clock, onShutdown, randInt } from './_lib.mjs';

const stamp = () => `[${c.grey(clock())}]`;
const CYCLE_MS = 5000;

let cycle = 0;
let timers = [];
const later = (ms, fn) => timers.push(setTimeout(fn, ms));

function report() {
  cycle += 1;
  if (cycle % 3 === 0) {
    console.log(
      `${c.cyan('src/routes/users.ts')}(${c.yellow('14,7')}): ${c.red('error')} ${c.grey('TS2322:')} ` +
        `Type 'string' is not assignable to type 'number'.`,
    );
    console.log('');
    console.log(`${stamp()} Found 1 error. Watching for file changes.`);
  } else {
    console.log(`${stamp()} Found 0 errors. Watching for file changes.`);
  }
  console.log('');
  later(CYCLE_MS, () => {
    console.log(`${stamp()} File change detected. Starting incremental compilation...`);
    console.log('');
    later(randInt(200, 600), report);
  });
}

console.log(`${stamp()} Starting compilation in watch mode...`);
console.log('');
later(randInt(800, 1400), report);

onShutdown(() => {
  for (const t of timers) clearTimeout(t);
  timers = [];
});
