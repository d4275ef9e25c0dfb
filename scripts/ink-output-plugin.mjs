// Swaps some of Ink's internals for brum's own (why: see each file): Ink's Output class ('./output.js' in Ink's build
// folder) for components/ink-output/fast-output.ts, its text measuring and wrapping ('./measure-text.js',
// './wrap-text.js'), whose memos never forget, for bounded ones in the same folder, and the widest-line its renderer
// measures text nodes with for one using brum's string-width. Nothing else is touched. A swap
// must not fail silently, so a bundle that contains Ink but missed any of them is an error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FAST_OUTPUT = path.join(ROOT, 'components/ink-output/fast-output.ts');
/** Ink's own modules (as its build folder imports them) and brum's replacement for each. */
export const INK_SWAPS = {
  './output.js': FAST_OUTPUT,
  './measure-text.js': path.join(ROOT, 'components/ink-output/measure-text.ts'),
  './wrap-text.js': path.join(ROOT, 'components/ink-output/wrap-text.ts'),
  'widest-line': path.join(ROOT, 'components/ink-output/widest-line.ts'),
};
const INK_SWAP_FILTER = /^(\.\/(output|measure-text|wrap-text)\.js|widest-line)$/;
const INK_BUILD = /[\\/]node_modules[\\/]ink[\\/]build[\\/]/;
/** Ink and the testing library that wraps it: Vite runs both in the tests. */
const INK_FILES = /[\\/]node_modules[\\/]ink(-testing-library)?[\\/]build[\\/]/;

/** brum's replacement when this is Ink's own import of one of the swapped modules, else undefined. */
export function inkSwapFor(source, importer) {
  return Object.hasOwn(INK_SWAPS, source) && typeof importer === 'string' && INK_BUILD.test(importer) ? INK_SWAPS[source] : undefined;
}

/** The esbuild plugin (scripts/build.mjs, bench/run-all.mjs). */
export const inkFastOutputEsbuild = {
  name: 'ink-fast-output',
  setup(build) {
    const swapped = new Set();
    let inkSeen = false;
    build.onResolve({ filter: INK_SWAP_FILTER }, (args) => {
      const swap = inkSwapFor(args.path, args.importer);
      if (swap === undefined) return undefined;
      swapped.add(args.path);
      return { path: swap };
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]renderer\.js$/ }, () => {
      inkSeen = true;
      return undefined;
    });
    build.onEnd((result) => {
      for (const source of Object.keys(INK_SWAPS)) {
        if (inkSeen && !swapped.has(source)) {
          result.errors.push({ text: `ink-fast-output: Ink was bundled but its '${source}' was never resolved; has Ink changed?` });
        }
      }
    });
  },
};

/** The same swap for Vite (vitest.config.ts); Ink must be inlined there so its imports go through Vite. */
export const inkFastOutputVite = {
  name: 'ink-fast-output',
  enforce: 'pre',
  resolveId(source, importer) {
    return inkSwapFor(source, importer) ?? null;
  },
  // Their published source maps point at sources it does not publish; Vite would warn about each file.
  load(id) {
    if (!INK_FILES.test(id) || !id.endsWith('.js')) return null;
    return { code: readFileSync(id, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), map: null };
  },
};
