/**
 * Which paths the file watcher skips: the default ignores, the .gitignore files that apply to each watched folder,
 * and the user's own patterns, all read as gitignore rules by the `ignore` package. The test is synchronous and pure
 * once built, because chokidar calls it for every entry it meets while scanning (it is what keeps it out of a
 * 50,000-file node_modules, bench/watch-startup).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';

/**
 * Skipped everywhere, at any depth (gitignore syntax). Trees that are big or rewritten by tools (a restart for them
 * would be noise or a loop), logs, and the files editors write beside the one being saved.
 */
export const DEFAULT_IGNORES: readonly string[] = [
  // version control and dependencies
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '.pnpm-store',
  '.yarn/cache',
  '.venv',
  '__pycache__',
  // build outputs and tool caches
  'dist',
  'build',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.parcel-cache',
  '.angular',
  'coverage',
  '.nyc_output',
  '.cache',
  '.pytest_cache',
  '.mypy_cache',
  // tsc -b and incremental builds rewrite it on every compile: a checker in watch mode would restart its siblings.
  '*.tsbuildinfo',
  '*.log',
  // editors: vim swap, backup and its write-test file; emacs auto-save and lock files; JetBrains safe-write files
  // and workspace state (rewritten while you click around); macOS and Windows folder metadata
  '*.sw[nop]',
  '*.swx',
  '*~',
  '4913',
  '\\#*#',
  '.#*',
  '*___jb_tmp___',
  '*___jb_old___',
  '.idea',
  '*.kate-swp',
  '.DS_Store',
  'Thumbs.db',
];

export interface WatchRules {
  /**
   * `true` when the path must be neither reported nor entered. A watched path itself never is (it was named), nor
   * is a path outside every watched one. `isDir` is unknown when chokidar has no stats yet.
   */
  readonly ignores: (absPath: string, isDir: boolean | undefined) => boolean;
  /** The deepest watched path that `absPath` is or is below, whose rules apply to it. */
  readonly ownerOf: (absPath: string) => string | undefined;
}

/** One set of rules and the folder its patterns are relative to. */
interface Layer {
  readonly base: string;
  readonly rules: Ignore;
}

/** What applies below one watched path. A watched file has no layers: it is watched because it was named. */
interface Scope {
  readonly watched: string;
  readonly layers: readonly Layer[];
}

export interface IgnoreSources {
  /** The project root: the defaults and the user's patterns are relative to it, and its .gitignore applies. */
  readonly root: string;
  /** Absolute watched files or folders. */
  readonly paths: readonly string[];
  /** The user's gitignore-style patterns, added after the defaults and the root's .gitignore. */
  readonly ignore: readonly string[];
  /** Told about a .gitignore that exists but cannot be read; a missing one is normal and silent. */
  readonly onError?: (message: string) => void;
}

/**
 * Builds the rules. For each watched folder W, inside the root: one layer of defaults + the root's .gitignore + the
 * user's patterns, relative to the root (so a user's `!coverage/` re-includes what the others skip), then the
 * .gitignore of each folder below the root down to W, each relative to its own folder. Outside the root (a
 * monorepo's `../shared`): defaults + W's own .gitignore + the user's patterns, relative to W. A layer that would
 * ignore W itself (watching `dist` when .gitignore says `dist/`) is read relative to W instead: the explicit watch
 * wins for W, and the rules still apply below it. Nested .gitignore files further below W are not read, and the
 * files are read once: an edit to a .gitignore applies from the next start of the watcher.
 */
export function buildWatchRules(sources: IgnoreSources): WatchRules {
  const root = path.resolve(sources.root);
  const texts = new Map<string, string | null>();
  const gitignoreText = (dir: string): string | null => {
    if (!texts.has(dir)) texts.set(dir, readGitignore(dir, sources.onError));
    return texts.get(dir) ?? null;
  };
  // One Ignore per set of rules, shared by the scopes: its result cache then serves them all.
  const combined = new Map<string, Ignore>();
  const withDefaults = (dir: string): Ignore => {
    let rules = combined.get(dir);
    if (!rules) {
      rules = ignore().add([...DEFAULT_IGNORES]).add(gitignoreText(dir) ?? '').add([...sources.ignore]);
      combined.set(dir, rules);
    }
    return rules;
  };
  const alone = new Map<string, Ignore>();
  const gitignoreOnly = (dir: string): Ignore | null => {
    const text = gitignoreText(dir);
    if (text === null) return null;
    let rules = alone.get(dir);
    if (!rules) {
      rules = ignore().add(text);
      alone.set(dir, rules);
    }
    return rules;
  };

  const scopes: Scope[] = [];
  for (const watched of new Set(sources.paths.map((p) => path.resolve(p)))) {
    if (!isFolder(watched)) {
      scopes.push({ watched, layers: [] });
      continue;
    }
    const layers: Layer[] = [];
    if (isWithin(root, watched)) {
      layers.push({ base: root, rules: withDefaults(root) });
      for (const dir of foldersBelow(root, watched)) {
        const rules = gitignoreOnly(dir);
        if (rules) layers.push({ base: dir, rules });
      }
    } else {
      layers.push({ base: watched, rules: withDefaults(watched) });
    }
    scopes.push({ watched, layers: layers.map((layer) => (ignoresItself(layer, watched) ? { base: watched, rules: layer.rules } : layer)) });
  }
  // Deepest first, so a path under two watched folders takes the rules of the nearer one.
  scopes.sort((a, b) => b.watched.length - a.watched.length);

  const ownerOf = (absPath: string): Scope | undefined => scopes.find((s) => isWithin(s.watched, absPath));
  return {
    ownerOf: (absPath) => ownerOf(absPath)?.watched,
    ignores: (absPath, isDir) => {
      const scope = ownerOf(absPath);
      if (!scope || absPath === scope.watched) return false;
      for (const layer of scope.layers) {
        const rel = toPosix(path.relative(layer.base, absPath));
        // Without stats the path is skipped only if it would be as a file and as a folder alike: a folder-only rule
        // (`build/`) is checked again once chokidar has stat'ed the path, before it reads or watches anything in
        // it, and a folder-only re-include (`!coverage/`) must not lose to the file reading of `coverage`.
        const skipped = isDir === undefined ? layer.rules.ignores(rel) && layer.rules.ignores(`${rel}/`) : layer.rules.ignores(isDir ? `${rel}/` : rel);
        if (skipped) return true;
      }
      return false;
    },
  };
}

function ignoresItself(layer: Layer, watched: string): boolean {
  if (layer.base === watched) return false;
  const rel = toPosix(path.relative(layer.base, watched));
  return layer.rules.ignores(rel) || layer.rules.ignores(`${rel}/`);
}

function readGitignore(dir: string, onError: ((message: string) => void) | undefined): string | null {
  const file = path.join(dir, '.gitignore');
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') onError?.(`file watcher: cannot read ${file} (${code ?? String(error)}); its rules are not applied`);
    return null;
  }
}

/** A missing path counts as a folder: watch entries are mostly folders, and one that appears later is scanned then. */
function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return true;
  }
}

/** `inner` is `outer` or below it. */
export function isWithin(outer: string, inner: string): boolean {
  if (inner === outer) return true;
  const prefix = outer.endsWith(path.sep) ? outer : outer + path.sep;
  return inner.startsWith(prefix);
}

/** Each folder below `from` down to and including `to` (which is within `from`). */
function foldersBelow(from: string, to: string): string[] {
  const out: string[] = [];
  let current = from;
  for (const part of path.relative(from, to).split(path.sep).filter((s) => s !== '')) {
    current = path.join(current, part);
    out.push(current);
  }
  return out;
}

const toPosix = path.sep === '/' ? (p: string): string => p : (p: string): string => p.split(path.sep).join('/');
