// Swaps Ink's internal Output class for components/ink-output/fast-output.ts (why: see that file). Ink imports it
// as './output.js' from its own build folder; nothing else is touched. The swap must not fail silently, so a
// bundle that contains Ink but never resolved its Output is an error.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FAST_OUTPUT = path.join(ROOT, 'components/ink-output/fast-output.ts');
const INK_BUILD = /[\\/]node_modules[\\/]ink[\\/]build[\\/]/;
/** Ink and the testing library that wraps it: Vite runs both in the tests. */
const INK_FILES = /[\\/]node_modules[\\/]ink(-testing-library)?[\\/]build[\\/]/;

/** True for Ink's own import of its Output class. */
export function isInkOutputImport(source, importer) {
  return source === './output.js' && typeof importer === 'string' && INK_BUILD.test(importer);
}

/** The esbuild plugin (scripts/build.mjs, bench/run-all.mjs). */
export const inkFastOutputEsbuild = {
  name: 'ink-fast-output',
  setup(build) {
    let swapped = false;
    let inkSeen = false;
    build.onResolve({ filter: /^\.\/output\.js$/ }, (args) => {
      if (!isInkOutputImport(args.path, args.importer)) return undefined;
      swapped = true;
      return { path: FAST_OUTPUT };
    });
    build.onLoad({ filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]renderer\.js$/ }, () => {
      inkSeen = true;
      return undefined;
    });
    build.onEnd((result) => {
      if (inkSeen && !swapped) {
        result.errors.push({ text: "ink-fast-output: Ink was bundled but its './output.js' was never resolved; has Ink changed?" });
      }
    });
  },
};

/** The same swap for Vite (vitest.config.ts); Ink must be inlined there so its imports go through Vite. */
export const inkFastOutputVite = {
  name: 'ink-fast-output',
  enforce: 'pre',
  resolveId(source, importer) {
    return isInkOutputImport(source, importer) ? FAST_OUTPUT : null;
  },
  // Their published source maps point at sources it does not publish; Vite would warn about each file.
  load(id) {
    if (!INK_FILES.test(id) || !id.endsWith('.js')) return null;
    return { code: readFileSync(id, 'utf8').replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n'), map: null };
  },
};
