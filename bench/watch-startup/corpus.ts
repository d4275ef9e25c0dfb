// The project bench/watch-startup watches: a JavaScript app as it looks on disk after `npm install` and a build.
// - node_modules: exactly NODE_MODULES_FILES files in packages of uneven size (a few large, many small), 1 in 5
//   scoped, 1 in 6 with a nested node_modules of its own, files in lib/, lib/internal/, dist/cjs/, dist/esm/, types/;
//   deepest path node_modules/@scope/pkg/node_modules/dep/dist/esm/internal/x.js.
// - src: exactly SOURCE_FILES files, src/<area>/<feature>/{., components, __tests__}/.
// - .git (objects), dist (the build), a .gitignore, package.json, tsconfig.json.
// Seeded, so every run watches the same tree.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const NODE_MODULES_FILES = 50_000;
export const SOURCE_FILES = 2_000;
const GIT_OBJECTS = 500;
const DIST_FILES = 300;

/** mulberry32: small, seeded, good enough to spread sizes. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DIRS = ['lib', 'lib/internal', 'dist/cjs', 'dist/esm', 'dist/esm/internal', 'types'];

export interface Corpus {
  readonly root: string;
  readonly src: string;
  /** Folders of src, each with its files: the latency bench saves into these. */
  readonly sourceFolders: ReadonlyArray<{ readonly dir: string; readonly files: readonly string[] }>;
}

export function buildCorpus(root: string): Corpus {
  const rand = random(14);
  const dirs = new Set<string>();
  const put = (rel: string, text: string): void => {
    const file = path.join(root, rel);
    const dir = path.dirname(file);
    if (!dirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      dirs.add(dir);
    }
    writeFileSync(file, text);
  };

  put('package.json', '{ "name": "app", "private": true, "type": "module" }\n');
  put('tsconfig.json', '{ "compilerOptions": { "strict": true, "outDir": "dist" } }\n');
  put('.gitignore', 'dist/\n*.log\n.env.local\n');

  // node_modules: package sizes from a heavy-tailed draw, the last one trimmed to land on the exact count.
  let left = NODE_MODULES_FILES;
  for (let p = 0; left > 0; p++) {
    const scoped = p % 5 === 0;
    const name = scoped ? `@scope${p % 7}/pkg-${p}` : `pkg-${p}`;
    const base = `node_modules/${name}`;
    const size = Math.min(left, Math.max(6, Math.round(8 / Math.max(rand(), 0.02) ** 1.2)));
    left -= writePackage(base, size);
    if (p % 6 === 0 && left > 0) {
      const nested = Math.min(left, 6 + Math.floor(rand() * 40));
      left -= writePackage(`${base}/node_modules/dep-${p}`, nested);
    }
  }

  function writePackage(base: string, size: number): number {
    put(`${base}/package.json`, `{ "name": "${path.basename(base)}", "version": "1.${size}.0", "main": "lib/index.js" }\n`);
    let written = 1;
    if (size > 3) {
      put(`${base}/README.md`, '# readme\n');
      put(`${base}/LICENSE`, 'MIT\n');
      written += 2;
    }
    for (let i = 0; written < size; i++, written++) {
      const dir = DIRS[Math.floor(rand() * DIRS.length)] ?? 'lib';
      put(`${base}/${dir}/m${i}.${dir === 'types' ? 'd.ts' : 'js'}`, `export const m${i} = ${i};\n`);
    }
    return written;
  }

  // src: areas × features × (feature root, components, __tests__).
  const sourceFolders: Array<{ dir: string; files: string[] }> = [];
  const subs = ['', 'components', '__tests__'];
  let made = 0;
  for (let area = 0; made < SOURCE_FILES; area++) {
    for (let feature = 0; feature < 8 && made < SOURCE_FILES; feature++) {
      for (const sub of subs) {
        const dir = path.join(root, 'src', `area${area}`, `feature${feature}`, sub);
        const files: string[] = [];
        const count = sub === '__tests__' ? 5 : 10;
        for (let i = 0; i < count && made < SOURCE_FILES; i++, made++) {
          const name = sub === '__tests__' ? `f${i}.test.ts` : sub === 'components' ? `View${i}.tsx` : `mod${i}.ts`;
          put(path.relative(root, path.join(dir, name)), `export const v${i} = ${made};\n`);
          files.push(path.join(dir, name));
        }
        if (files.length > 0) sourceFolders.push({ dir, files });
      }
    }
  }

  for (let i = 0; i < GIT_OBJECTS; i++) put(`.git/objects/${(i % 256).toString(16).padStart(2, '0')}/${i.toString(16).padStart(38, '0')}`, 'x');
  put('.git/HEAD', 'ref: refs/heads/main\n');
  for (let i = 0; i < DIST_FILES; i++) put(`dist/area${i % 10}/mod${i}.js`, `export const v = ${i};\n`);

  return { root, src: path.join(root, 'src'), sourceFolders };
}
