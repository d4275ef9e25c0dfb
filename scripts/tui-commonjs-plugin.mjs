// Lets the TUI be bundled as CommonJS (scripts/build.mjs), which only a classic script allows, for V8's code cache.
// Two things in Ink's dependency tree use a top-level await, which a CommonJS bundle cannot hold:
// - yoga-layout's main entry, which awaits its WebAssembly. Ink's `import Yoga from 'yoga-layout'` becomes
//   components/ink-output/yoga-deferred.ts, whose engine the launcher loads before Ink draws (why: see that file).
// - Ink's reconciler, which awaits React devtools when DEV=true. brum does not ship them (react-devtools-core is not
//   a dependency), so that import fails the way Ink itself reports a missing react-devtools-core.
// Each edit must apply exactly once, or the build fails: a changed Ink must be looked at, not half-patched.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const YOGA_DEFERRED = path.join(ROOT, 'components/ink-output/yoga-deferred.ts');
const INK_BUILD = /[\\/]node_modules[\\/]ink[\\/]build[\\/]/;
const INK_RECONCILER = /[\\/]node_modules[\\/]ink[\\/]build[\\/]reconciler\.js$/;

const RECONCILER_EDITS = [
  [
    "await import('./devtools.js');",
    "throw Object.assign(new Error('React devtools are not bundled with brum'), { code: 'ERR_MODULE_NOT_FOUND' });",
  ],
  ['? await loadPackageJson()', '? { name: undefined, version: undefined }'],
];

export const tuiCommonJsEsbuild = {
  name: 'tui-commonjs',
  setup(build) {
    build.onResolve({ filter: /^yoga-layout$/ }, (args) => (INK_BUILD.test(args.importer) ? { path: YOGA_DEFERRED } : undefined));
    build.onLoad({ filter: INK_RECONCILER }, async (args) => {
      let source = await readFile(args.path, 'utf8');
      for (const [from, to] of RECONCILER_EDITS) {
        const count = source.split(from).length - 1;
        if (count !== 1) return { errors: [{ text: `tui-commonjs: expected "${from}" once in Ink's reconciler, found it ${count} times; has Ink changed?` }] };
        source = source.replace(from, to);
      }
      return { contents: source, loader: 'js' };
    });
  },
};
