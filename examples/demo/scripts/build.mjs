// A vite-like production build: a few steps over ~1.5 s, then exit 0.
import { c, sleep } from './_lib.mjs';

const t0 = performance.now();
console.log(`${c.cyan('vite v5.4.2')} ${c.green('building for production...')}`);
await sleep(250);
console.log('transforming...');
await sleep(700);
console.log(`${c.green('✓')} 42 modules transformed.`);
console.log('rendering chunks...');
await sleep(300);
console.log('computing gzip size...');
await sleep(200);

const files = [
  ['index.html', '0.46', '0.30', (s) => c.green(s)],
  ['assets/index-4f1c2a.css', '1.39', '0.72', (s) => c.cyan(s)],
  ['assets/index-abc123.js', '12.30', '4.71', (s) => c.cyan(s)],
];
for (const [name, size, gzip, colour] of files) {
  const label = `${c.dim('dist/')}${colour(name)}`;
  const pad = ' '.repeat(Math.max(1, 28 - name.length));
  console.log(`${label}${pad}${c.bold(size.padStart(6))} kB ${c.dim(`│ gzip: ${gzip.padStart(5)} kB`)}`);
}
console.log(`${c.green(`✓ built in ${Math.round(performance.now() - t0)}ms`)}`);
