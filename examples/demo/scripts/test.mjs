// A quick vitest-like run: one file, three passing tests, exit 0.
import { c, sleep } from './_lib.mjs';

const t0 = performance.now();
const startedAt = new Date().toTimeString().slice(0, 8);

const tests = [
  ['add', () => 1 + 2 === 3],
  ['multiply', () => 3 * 4 === 12],
  ['divide by zero is Infinity', () => 1 / 0 === Infinity],
];

console.log('');
console.log(` ${c.bold(c.cyan('RUN'))}  ${c.cyan('v1.6.0')} ${c.grey(process.cwd())}`);
console.log('');
await sleep(300);

const t1 = performance.now();
const failed = tests.filter(([, fn]) => !fn());
const ms = Math.max(1, Math.round(performance.now() - t1)) + 3;
if (failed.length) {
  for (const [name] of failed) console.log(` ${c.red('×')} src/math.test.ts > ${name}`);
  process.exitCode = 1;
} else {
  console.log(` ${c.green('✓')} src/math.test.ts ${c.dim(`(${tests.length} tests)`)} ${c.grey(`${ms}ms`)}`);
}

const passed = tests.length - failed.length;
const files = failed.length ? c.red('1 failed') : c.green('1 passed');
console.log('');
console.log(` ${c.dim('Test Files')}  ${c.bold(files)} ${c.grey('(1)')}`);
console.log(`      ${c.dim('Tests')}  ${c.bold(c.green(`${passed} passed`))} ${c.grey(`(${tests.length})`)}`);
console.log(`   ${c.dim('Start at')}  ${startedAt}`);
console.log(`   ${c.dim('Duration')}  ${Math.round(performance.now() - t0 + 100)}ms`);
console.log('');
