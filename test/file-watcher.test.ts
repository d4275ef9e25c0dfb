// The file watcher on real folders. "Not reported" is shown without sleeping: the ignored files are written first,
// then a watched one, and when the watched file's event arrives no other event may have (events from one watcher
// arrive in order: an ignored tree has no OS watch at all, and an ignored file beside a watched one is filtered in
// the same folder read that finds the watched one).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_IGNORES, describeError, watchFiles, type FileChange, type WatchHandle } from '../src/runtime/file-watcher';
import { buildWatchRules } from '../src/runtime/watch-ignores';
import { waitFor } from './helpers/proc-tree';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A fresh folder holding `files` (relative path → content), its real path (the events carry real paths). */
function project(files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), 'brum-watch-')));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  for (const [rel, text] of Object.entries(files)) write(dir, rel, text);
  return dir;
}

function write(dir: string, rel: string, text = 'x'): string {
  const file = path.join(dir, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

interface Watched {
  readonly handle: WatchHandle;
  readonly events: FileChange[];
  readonly errors: string[];
}

async function start(paths: readonly string[], root: string, ignore: readonly string[] = [], onChange?: (c: FileChange) => void): Promise<Watched> {
  const events: FileChange[] = [];
  const errors: string[] = [];
  const handle = watchFiles({ paths, ignore }, root, (c) => {
    events.push(c);
    onChange?.(c);
  }, (m) => errors.push(m));
  cleanups.push(() => handle.close());
  await handle.ready;
  return { handle, events, errors };
}

/** Waits for an event on `file`, then returns every event so far. */
async function eventsUntil(w: Watched, file: string): Promise<FileChange[]> {
  await waitFor(() => w.events.some((e) => e.path === file), `an event for ${file} (so far: ${JSON.stringify(w.events)})`);
  return [...w.events];
}

/** inotify watches held by this process (one per watched file or folder), or null where /proc cannot tell. */
function inotifyWatches(): number | null {
  try {
    let n = 0;
    for (const fd of readdirSync('/proc/self/fd')) {
      let target = '';
      try {
        target = readlinkSync(`/proc/self/fd/${fd}`);
      } catch {
        continue;
      }
      if (!target.includes('inotify')) continue;
      n += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8').split('\n').filter((l) => l.startsWith('inotify wd:')).length;
    }
    return n;
  } catch {
    return null;
  }
}

describe('watchFiles', () => {
  it('reports a change to a watched file', async () => {
    // Given a project whose src folder is watched
    const root = project({ 'src/app.ts': 'a' });
    const w = await start([path.join(root, 'src')], root);
    // When the file is saved
    const file = write(root, 'src/app.ts', 'b');
    // Then its change is reported, with its absolute path
    expect(await eventsUntil(w, file)).toEqual([{ path: file, kind: 'change' }]);
    expect(w.errors).toEqual([]);
  });

  it('reports a save made right after another (chokidar alone drops a change within 50 ms of the last)', async () => {
    const root = project({ 'src/app.ts': 'a' });
    const w = await start([path.join(root, 'src')], root);
    const file = write(root, 'src/app.ts', 'b');
    await eventsUntil(w, file);
    // At once, well inside chokidar's 50 ms window
    write(root, 'src/app.ts', 'the final content');
    await waitFor(() => w.events.length >= 2, 'the second save');
    expect(w.events).toEqual([
      { path: file, kind: 'change' },
      { path: file, kind: 'change' },
    ]);
  });

  it('skips node_modules, .git, dist, a .gitignored folder, logs and editor swap files', async () => {
    // Given a watched project with a .gitignore and the usual ignored trees already there
    const root = project({
      '.gitignore': 'generated/\n',
      'src/app.ts': 'a',
      'node_modules/pkg/index.js': 'a',
      '.git/HEAD': 'a',
      'dist/app.js': 'a',
      'generated/types.ts': 'a',
    });
    const w = await start([root], root);
    // When each is written to, plus a log and a swap file beside a watched file, and then the watched file
    for (const rel of ['node_modules/pkg/index.js', 'node_modules/pkg/new.js', '.git/HEAD', 'dist/app.js', 'generated/types.ts', 'src/server.log', 'src/foo.swp', 'src/#app.ts#', 'src/app.ts~', 'src/4913']) {
      write(root, rel, 'b');
    }
    const file = write(root, 'src/app.ts', 'b');
    // Then only the watched file's change arrived
    expect(await eventsUntil(w, file)).toEqual([{ path: file, kind: 'change' }]);
  });

  it('applies a user ignore pattern on top of the defaults', async () => {
    const root = project({ 'src/app.ts': 'a', 'src/deep/app.test.ts': 'a' });
    const w = await start([path.join(root, 'src')], root, ['**/*.test.ts']);
    write(root, 'src/deep/app.test.ts', 'b');
    write(root, 'src/deep/other.test.ts', 'b');
    const file = write(root, 'src/deep/util.ts', 'b');
    expect(await eventsUntil(w, file)).toEqual([{ path: file, kind: 'add' }]);
  });

  it('watches a folder a default skips once the user re-includes it, written as a folder (`!coverage/`)', async () => {
    const root = project({ 'coverage/lcov.info': 'a', 'src/app.ts': 'a' });
    const w = await start([root], root, ['!coverage/']);
    const file = write(root, 'coverage/lcov.info', 'b');
    expect(await eventsUntil(w, file)).toEqual([{ path: file, kind: 'change' }]);
  });

  it('reports a new file in a new subfolder', async () => {
    const root = project({ 'src/app.ts': 'a' });
    const w = await start([path.join(root, 'src')], root);
    const file = write(root, 'src/feature/deeper/new.ts');
    const events = await eventsUntil(w, file);
    expect(events).toContainEqual({ path: file, kind: 'add' });
    expect(events).toContainEqual({ path: path.join(root, 'src/feature'), kind: 'addDir' });
  });

  it('watches a single file path', async () => {
    const root = project({ 'config.json': '{}', 'other.json': '{}' });
    const config = path.join(root, 'config.json');
    const w = await start([config], root);
    write(root, 'other.json', '{"a":1}');
    write(root, 'config.json', '{"a":1}');
    expect(await eventsUntil(w, config)).toEqual([{ path: config, kind: 'change' }]);
  });

  it('reports nothing after close', async () => {
    // Given two watchers on one file, the first closed
    const root = project({ 'src/app.ts': 'a' });
    const closed = await start([path.join(root, 'src')], root);
    const witness = await start([path.join(root, 'src')], root);
    await closed.handle.close();
    // When the file changes (the witness proves the change was seen)
    const file = write(root, 'src/app.ts', 'b');
    await eventsUntil(witness, file);
    // Then the closed watcher reported nothing
    expect(closed.events).toEqual([]);
  });

  it('watches a folder outside the root with the default ignores, relative to that folder', async () => {
    // Given an app whose watch includes a sibling package (a monorepo's ../shared) with its own .gitignore
    const mono = project({
      'app/src/app.ts': 'a',
      'shared/.gitignore': 'out/\n',
      'shared/lib/util.ts': 'a',
      'shared/node_modules/dep/index.js': 'a',
      'shared/dist/util.js': 'a',
      'shared/out/x.js': 'a',
    });
    const root = path.join(mono, 'app');
    const w = await start([path.join(root, 'src'), path.join(mono, 'shared')], root);
    write(mono, 'shared/node_modules/dep/index.js', 'b');
    write(mono, 'shared/dist/util.js', 'b');
    write(mono, 'shared/out/x.js', 'b');
    write(mono, 'shared/lib/debug.log', 'b');
    const file = write(mono, 'shared/lib/util.ts', 'b');
    expect(await eventsUntil(w, file)).toEqual([{ path: file, kind: 'change' }]);
  });

  it('watches a folder the rules would ignore when it is named explicitly, still skipping what is below it', async () => {
    // Given `dist` is both a default ignore and in .gitignore, and the user watches it (node dist/server.js)
    const root = project({ '.gitignore': 'dist/\n', 'dist/server.js': 'a', 'dist/node_modules/x.js': 'a' });
    const w = await start([path.join(root, 'dist')], root);
    write(root, 'dist/node_modules/x.js', 'b');
    write(root, 'dist/server.js.log', 'b');
    const file = write(root, 'dist/server.js', 'b');
    expect(await eventsUntil(w, file)).toEqual([{ path: file, kind: 'change' }]);
  });

  it('reports a change under two watched folders once, with the rules of the nearer one', async () => {
    // Given the root and its (default-ignored) dist are both watched
    const root = project({ 'src/app.ts': 'a', 'dist/app.js': 'a' });
    const w = await start([root, path.join(root, 'dist')], root);
    const dist = write(root, 'dist/app.js', 'b');
    const file = write(root, 'src/app.ts', 'b');
    // (Each watched folder has its own watcher, so only the root's events are in order: had the root's watcher
    // reported dist/app.js, it would have done so before src/app.ts.)
    await eventsUntil(w, dist);
    const events = await eventsUntil(w, file);
    expect(events.map((e) => e.path).sort()).toEqual([dist, file].sort());
  });

  it('applies a folder-only rule to folders, not to a file of that name', async () => {
    const root = project({ '.gitignore': 'out/\n', 'src/out/a.ts': 'a', 'src/b.ts': 'a' });
    const w = await start([root], root);
    write(root, 'src/out/a.ts', 'b');
    const file = write(root, 'src/sub/out', 'b');
    expect(await eventsUntil(w, file)).toEqual([
      { path: path.join(root, 'src/sub'), kind: 'addDir' },
      { path: file, kind: 'add' },
    ]);
  });

  it('does not watch inside ignored trees', async () => {
    // Given a watched project with 300 files in node_modules and 5 source files
    const files: Record<string, string> = { 'src/a.ts': 'a', 'src/b.ts': 'a', 'src/c/d.ts': 'a', 'src/c/e.ts': 'a', 'package.json': '{}' };
    for (let i = 0; i < 30; i++) for (let j = 0; j < 10; j++) files[`node_modules/p${i}/lib/f${j}.js`] = 'x';
    const root = project(files);
    const before = inotifyWatches();
    if (before === null) return; // no /proc here: nothing to count
    await start([root], root);
    // Then it holds one watch per source file and folder (root, src, src/c, 5 files = 8), none in node_modules
    const held = (inotifyWatches() ?? 0) - before;
    expect(held).toBeGreaterThanOrEqual(5);
    expect(held).toBeLessThanOrEqual(10);
  });

  it('survives a throwing change handler and a missing path, reporting through onError', async () => {
    const root = project({ 'src/app.ts': 'a' });
    let calls = 0;
    const w = await start([path.join(root, 'src'), path.join(root, 'missing')], root, [], () => {
      calls++;
      if (calls === 1) throw new Error('boom');
    });
    write(root, 'src/app.ts', 'b');
    await waitFor(() => w.errors.length > 0, 'the handler failure reported');
    expect(w.errors).toEqual(['file watcher: a change handler failed: boom']);
    // And it keeps reporting
    const file = write(root, 'src/next.ts');
    await eventsUntil(w, file);
  });

  it('notices a watched folder that did not exist at the start, and one deleted and made again', async () => {
    // Given `dist` (made by a build) and `gen/api` (two levels missing) are watched before they exist
    const root = project({ 'src/app.ts': 'a' });
    const dist = path.join(root, 'dist');
    const api = path.join(root, 'gen/api');
    const w = await start([path.join(root, 'src'), dist, api], root);
    // Then ready means the existing paths are live
    const app = write(root, 'src/app.ts', 'b');
    await eventsUntil(w, app);
    // When the build makes dist
    mkdirSync(dist);
    await eventsUntil(w, dist);
    const server = write(root, 'dist/server.js', 'a');
    await eventsUntil(w, server);
    // When a clean build deletes it and makes it again, its files are still watched
    rmSync(dist, { recursive: true });
    await waitFor(() => w.events.some((e) => e.path === dist && e.kind === 'unlinkDir'), 'dist removed');
    mkdirSync(dist);
    await waitFor(() => w.events.some((e) => e.path === dist && e.kind === 'addDir' && w.events.indexOf(e) > 2), 'dist made again');
    w.events.length = 0;
    const again = write(root, 'dist/server.js', 'b');
    await eventsUntil(w, again);
    // And when it is replaced at once (same tick; the new folder often gets the old inode number)
    rmSync(dist, { recursive: true });
    mkdirSync(dist);
    write(root, 'dist/server.js', 'c');
    await waitFor(() => w.events.some((e) => e.path === dist && e.kind === 'addDir'), 'dist replaced');
    w.events.length = 0;
    const third = write(root, 'dist/server.js', 'd');
    await eventsUntil(w, third);
    // And a folder two levels down appears too
    const spec = write(root, 'gen/api/spec.ts');
    await waitFor(() => w.events.some((e) => e.path === api), 'gen/api made');
    write(root, 'gen/api/spec.ts', 'changed');
    await waitFor(() => w.events.some((e) => e.path === spec && e.kind === 'change'), 'a change in gen/api');
    expect(w.errors).toEqual([]);
  });

  it('keeps watching a single file that is deleted and written again', async () => {
    const root = project({ 'config.json': '{}' });
    const config = path.join(root, 'config.json');
    const w = await start([config], root);
    rmSync(config);
    await waitFor(() => w.events.some((e) => e.kind === 'unlink'), 'the unlink');
    write(root, 'config.json', '{"a":1}');
    await waitFor(() => w.events.some((e) => e.kind === 'add'), 'the file back');
    w.events.length = 0;
    write(root, 'config.json', '{"a":2}');
    await waitFor(() => w.events.some((e) => e.kind === 'change'), 'a change after it came back');
  });

  it('resolves ready for an empty list and when closed before ready', async () => {
    const root = project();
    const empty = watchFiles({ paths: [], ignore: [] }, root, () => undefined);
    await empty.ready;
    await empty.close();
    const early = watchFiles({ paths: [root], ignore: [] }, root, () => undefined);
    await early.close();
    await early.ready;
  });
});

describe('a watch closed before it starts', () => {
  it('watches nothing: ready settles, no OS watch is left, and a save reported to a later watch never reaches it', async () => {
    // The watching code loads on first use, so close can come before any path is watched.
    const dir = project({ 'src/a.ts': '1' });
    const baseline = inotifyWatches();
    const early: FileChange[] = [];
    const handle = watchFiles({ paths: ['src'], ignore: [] }, dir, (c) => early.push(c));
    await handle.close();
    await handle.ready;
    const later = await start(['src'], dir);
    const file = write(dir, 'src/a.ts', '2');
    await eventsUntil(later, file);
    expect(early).toEqual([]);
    await later.handle.close();
    if (baseline !== null) await waitFor(() => inotifyWatches() === baseline, `inotify watches back to ${baseline} (now ${inotifyWatches()})`, 3000);
  });
});

describe('describeError', () => {
  const errno = (code: string, p?: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: failed`), { code, path: p });
  it('says what to do about the OS limits and permissions, in one line', () => {
    expect(describeError(errno('ENOSPC', '/p/src'))).toBe(
      'file watcher: the system limit on watched files was reached (/p/src); raise fs.inotify.max_user_watches or watch fewer paths',
    );
    expect(describeError(errno('EMFILE'))).toBe('file watcher: too many open files; raise the open-file limit (ulimit -n) or watch fewer paths');
    expect(describeError(errno('EACCES', '/p/secret'))).toBe('file watcher: permission denied (/p/secret); that path is not watched');
    expect(describeError(errno('EIO'))).toBe('file watcher: EIO: failed');
    expect(describeError(Object.assign(new Error('lost'), { code: 'ERR_X' }))).toBe('file watcher: ERR_X: lost');
    expect(describeError('odd')).toBe('file watcher: odd');
  });
});

describe('the ignore test', () => {
  it('skips each kind of default at any depth, as a file or a folder as git would', () => {
    const root = project({ 'src/keep.ts': 'a' });
    const ignored = buildWatchRules({ root, paths: [root], ignore: [] }).ignores;
    const at = (rel: string): string => path.join(root, rel);
    for (const dir of ['node_modules', 'a/node_modules', '.git', 'dist', 'pkg/build', '.next', '.nuxt', '.turbo', 'coverage', '.cache', '.idea']) {
      expect(ignored(at(dir), true), dir).toBe(true);
    }
    for (const file of ['x.log', 'a/.x.ts.swp', 'a/.x.ts.swo', 'x.ts~', 'a/4913', 'a/#x.ts#', 'a/.#x.ts', 'x.ts___jb_tmp___', 'x.ts___jb_old___', '.DS_Store', 'tsconfig.tsbuildinfo']) {
      expect(ignored(at(file), false), file).toBe(true);
    }
    for (const kept of ['src', 'src/keep.ts', 'src/distance.ts', 'src/building/x.ts', 'swp.ts', 'catalog.ts']) {
      expect(ignored(at(kept), kept.includes('.') ? false : true), kept).toBe(false);
    }
    // The watched root itself is never ignored; a path outside every watched one is left to chokidar.
    expect(ignored(root, true)).toBe(false);
    expect(ignored(path.dirname(root), true)).toBe(false);
    expect(DEFAULT_IGNORES).toContain('node_modules');
  });

  it('lets a user pattern re-include what a default or the root .gitignore skips', () => {
    const root = project({ '.gitignore': 'coverage-report/\n' });
    const ignored = buildWatchRules({ root, paths: [root], ignore: ['!coverage/', '!coverage-report/'] }).ignores;
    expect(ignored(path.join(root, 'coverage'), true)).toBe(false);
    expect(ignored(path.join(root, 'coverage-report'), true)).toBe(false);
    expect(ignored(path.join(root, 'dist'), true)).toBe(true);
    // Asked before chokidar has stats: a folder-only re-include (`!coverage/`) must not lose to the file reading
    // of the default `coverage`, or the folder is skipped before anyone learns it is one.
    expect(ignored(path.join(root, 'coverage'), undefined)).toBe(false);
    expect(ignored(path.join(root, 'coverage/lcov.info'), false)).toBe(false);
    // A file of that name is not re-included by a folder rule, and defaults still apply without stats.
    expect(ignored(path.join(root, 'src/coverage'), false)).toBe(true);
    expect(ignored(path.join(root, 'dist'), undefined)).toBe(true);
    expect(ignored(path.join(root, 'node_modules'), undefined)).toBe(true);
  });

  it('reads the .gitignore of each folder from the root down to a watched folder', () => {
    const root = project({ '.gitignore': 'secret/\n', 'packages/.gitignore': '*.gen.ts\n', 'packages/web/.gitignore': '/public/\n' });
    const web = path.join(root, 'packages/web');
    const ignored = buildWatchRules({ root, paths: [web], ignore: [] }).ignores;
    expect(ignored(path.join(web, 'src/secret'), true)).toBe(true);
    expect(ignored(path.join(web, 'src/api.gen.ts'), false)).toBe(true);
    expect(ignored(path.join(web, 'public'), true)).toBe(true);
    expect(ignored(path.join(web, 'src/public'), true)).toBe(false);
    expect(ignored(path.join(web, 'src/api.ts'), false)).toBe(false);
  });
});
