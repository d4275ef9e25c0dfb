import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessDef } from '../src/defs/process-def';
import { PROBE_DEFAULTS, RESTART_DEFAULTS, STOP_DEFAULTS, WATCH_DEFAULTS } from '../src/project/defaults';
import { loadProjectFile } from '../src/project/project-file';
import { parseBrumFile, type ProjectIn } from '../src/project/brum-file';
import { PROJECT_DIR, parseYaml, scriptsIn, yamlOf } from './helpers/project-file';
import { userErrorOf } from './helpers/user-error';

const FIXTURE = path.resolve(import.meta.dirname, 'fixtures/project-file');

/** Definitions as data with the fixture's absolute folder written `<dir>`, so the expectation reads as the file does. */
function masked(defs: readonly ProcessDef[], dir: string): unknown {
  return JSON.parse(JSON.stringify(defs).replaceAll(dir, '<dir>'));
}

function defOf(...lines: string[]): ProcessDef {
  const defs = parseYaml(yamlOf(...lines)).defs;
  const def = defs[defs.length - 1];
  if (def === undefined) throw new Error('no definitions');
  return def;
}

describe('the example brum.yaml', () => {
  it('loads into the definitions it describes', () => {
    // Given the example of the file format, beside a package.json with a `dev` script
    // When the folder is loaded
    const file = loadProjectFile(FIXTURE);
    // Then every field is resolved: paths absolute, env merged, defaults filled
    expect(file?.kind).toBe('brum.yaml');
    expect(file?.path).toBe(path.join(FIXTURE, 'brum.yaml'));
    expect(masked(file?.defs ?? [], FIXTURE)).toEqual([
      {
        id: 'db',
        name: 'db',
        command: 'node scripts/db.js',
        cwd: '<dir>/services/db',
        launch: { kind: 'shell', command: 'node scripts/db.js' },
        env: { LOG_LEVEL: 'debug', PORT: '5432' },
        envFiles: ['<dir>/.env', '<dir>/.env.db'],
        source: 'brum.yaml',
        ready: { check: { kind: 'tcp', host: '127.0.0.1', port: 5432 }, periodMs: 100, timeoutMs: 60_000 },
        stop: { signal: 'SIGINT', timeoutMs: 10_000 },
      },
      {
        id: 'migrate',
        name: 'migrate',
        command: 'node scripts/migrate.js',
        cwd: '<dir>',
        launch: { kind: 'shell', command: 'node scripts/migrate.js' },
        env: { LOG_LEVEL: 'debug' },
        envFiles: ['<dir>/.env'],
        source: 'brum.yaml',
        dependsOn: [{ id: 'db', condition: 'ready', restart: false }],
        watch: { paths: ['<dir>/migrations'], ignore: [], debounceMs: 300, cascade: false },
      },
      {
        id: 'api',
        name: 'api',
        command: 'node server.js --watch',
        cwd: '<dir>',
        launch: { kind: 'file', file: 'npm', args: ['run', 'dev'] },
        env: { LOG_LEVEL: 'debug' },
        envFiles: ['<dir>/.env'],
        source: 'brum.yaml',
        dependsOn: [
          { id: 'migrate', condition: 'succeeded', restart: false },
          { id: 'db', condition: 'ready', restart: true },
        ],
        ready: { check: { kind: 'http', url: 'http://127.0.0.1:3000/health' }, periodMs: 100, timeoutMs: 60_000 },
        restart: { mode: 'on-failure', delayMs: 500, factor: 2, maxDelayMs: 30_000, jitter: 0.2, maxRestarts: 10, resetAfterMs: 30_000 },
        autostart: false,
        watch: { paths: ['<dir>/src', '<dir>/package.json'], ignore: ['**/*.test.ts'], debounceMs: 200, cascade: true },
      },
    ]);
  });
});

describe('brum.yaml definitions', () => {
  it('leaves out what the file does not say', () => {
    expect(defOf('processes:', '  web: {command: npm start}')).toEqual({
      id: 'web',
      name: 'web',
      command: 'npm start',
      cwd: PROJECT_DIR,
      launch: { kind: 'shell', command: 'npm start' },
      source: 'brum.yaml',
    });
  });

  it('keeps the order of the file', () => {
    const defs = parseYaml(yamlOf('processes:', '  z: {command: a}', '  a: {command: b}', '  m: {command: c}')).defs;
    expect(defs.map((d) => d.id)).toEqual(['z', 'a', 'm']);
  });

  it('merges env, the process over the file, and turns numbers and booleans into strings', () => {
    const def = defOf('env: {A: top, B: top, N: 1.5}', 'processes:', '  web:', '    command: x', '    env: {B: own, PORT: 5432, DEBUG: true}');
    expect(def.env).toEqual({ A: 'top', B: 'own', N: '1.5', PORT: '5432', DEBUG: 'true' });
  });

  it('resolves env files against the file, the project-wide ones first', () => {
    const def = defOf('env_file: [.env, ../shared.env]', 'processes:', '  web:', '    command: x', '    cwd: web', '    env_file: .env.web');
    expect(def.envFiles).toEqual(['/proj/.env', '/shared.env', '/proj/.env.web']);
    expect(def.cwd).toBe('/proj/web');
  });

  it('reads the list form of depends_on as "started"', () => {
    const defs = parseYaml(yamlOf('processes:', '  db: {command: a}', '  cache: {command: b}', '  api: {command: c, depends_on: [db, cache]}')).defs;
    expect(defs[2]?.dependsOn).toEqual([
      { id: 'db', condition: 'started', restart: false },
      { id: 'cache', condition: 'started', restart: false },
    ]);
  });

  it('defaults the condition of the long form to "started"', () => {
    const def = defOf('processes:', '  db: {command: a}', '  api: {command: c, depends_on: {db: {restart: true}}}');
    expect(def.dependsOn).toEqual([{ id: 'db', condition: 'started', restart: true }]);
  });

  it('accepts a graph without cycles whatever the order of the file', () => {
    const defs = parseYaml(
      yamlOf('processes:', '  web: {command: w, depends_on: [api, db]}', '  api: {command: a, depends_on: [db]}', '  db: {command: d}'),
    ).defs;
    expect(defs.map((d) => d.id)).toEqual(['web', 'api', 'db']);
  });

  it.each([
    ['on-failure', 'on-failure'],
    ['always', 'always'],
    ['no', 'no'],
    ['false', 'no'],
  ])('reads "restart: %s" as mode %s with the default backoff', (value, mode) => {
    expect(defOf('processes:', '  web:', '    command: x', `    restart: ${value}`).restart).toEqual({ mode, ...RESTART_DEFAULTS });
  });

  it('fills what the long form of restart leaves out', () => {
    const def = defOf('processes:', '  web:', '    command: x', '    restart: {policy: always, delay: 1s, max_restarts: null}');
    expect(def.restart).toEqual({ ...RESTART_DEFAULTS, mode: 'always', delayMs: 1_000, maxRestarts: null });
  });

  it('reads every field of the long form of restart', () => {
    const def = defOf(
      'processes:',
      '  web:',
      '    command: x',
      '    restart: {policy: on-failure, delay: 250, factor: 3, max_delay: 1m, jitter: 0, max_restarts: 0, reset_after: 1m30s}',
    );
    expect(def.restart).toEqual({ mode: 'on-failure', delayMs: 250, factor: 3, maxDelayMs: 60_000, jitter: 0, maxRestarts: 0, resetAfterMs: 90_000 });
  });

  it('fills the stop defaults and takes a signal without its SIG', () => {
    expect(defOf('processes:', '  web: {command: x, stop: {timeout: 2s}}').stop).toEqual({ signal: STOP_DEFAULTS.signal, timeoutMs: 2_000 });
    expect(defOf('processes:', '  web: {command: x, stop: {signal: INT}}').stop).toEqual({ signal: 'SIGINT', timeoutMs: STOP_DEFAULTS.timeoutMs });
  });

  it.each([
    ['{tcp: 5432}', { kind: 'tcp', host: '127.0.0.1', port: 5432 }],
    ['{tcp: "db.local:5432"}', { kind: 'tcp', host: 'db.local', port: 5432 }],
    ['{tcp: "[::1]:8080"}', { kind: 'tcp', host: '::1', port: 8080 }],
    ['{http: "https://localhost:3000/"}', { kind: 'http', url: 'https://localhost:3000/' }],
    ['{log: "listening on .*:\\\\d+"}', { kind: 'log', pattern: 'listening on .*:\\d+' }],
    ['{exec: "pg_isready -q"}', { kind: 'exec', command: 'pg_isready -q' }],
  ])('reads the probe %s', (probe, check) => {
    expect(defOf('processes:', `  web: {command: x, ready: ${probe}}`).ready).toEqual({ check, ...PROBE_DEFAULTS });
  });

  it('runs a script from the package.json of the process folder, and asks for no other', () => {
    // Given a recording of the folders whose package.json is asked for
    const asked: string[] = [];
    const scripts = scriptsIn({ dev: 'vite' });
    const projectIn: ProjectIn = (dir) => {
      asked.push(dir);
      return scripts(dir);
    };
    // When a file of one script and one command is parsed
    const file = parseBrumFile('brum.yaml', yamlOf('processes:', '  web: {script: dev, cwd: packages/web}', '  db: {command: x}'), PROJECT_DIR, projectIn);
    // Then the script runs from its own folder, and only that folder was asked for
    expect(file.defs[0]).toMatchObject({ command: 'vite', cwd: '/proj/packages/web', launch: { kind: 'file', file: 'npm', args: ['run', 'dev'] } });
    expect(asked).toEqual(['/proj/packages/web']);
  });
});

describe('brum.yaml watch', () => {
  const watchOf = (...lines: string[]): ProcessDef['watch'] => defOf('processes:', '  api:', '    command: x', ...lines).watch;

  it('leaves watch out when the file does not say it', () => {
    expect(defOf('processes:', '  api: {command: x}').watch).toBeUndefined();
  });

  it('has the documented defaults', () => {
    expect(WATCH_DEFAULTS).toEqual({ debounceMs: 300, cascade: false });
  });

  it('reads one path, relative to the file when the process has no cwd, with the defaults', () => {
    expect(watchOf('    watch: src')).toEqual({ paths: ['/proj/src'], ignore: [], debounceMs: 300, cascade: false });
  });

  it('reads a list of paths, relative to the cwd of the process', () => {
    expect(watchOf('    cwd: packages/api', '    watch: [src, package.json]')).toEqual({
      paths: ['/proj/packages/api/src', '/proj/packages/api/package.json'],
      ignore: [],
      ...WATCH_DEFAULTS,
    });
  });

  it('takes paths outside the cwd (a monorepo), absolute paths, and the cwd itself', () => {
    expect(watchOf('    cwd: packages/api', '    watch: [../shared, /etc/hosts, ., src/]')?.paths).toEqual([
      '/proj/packages/shared',
      '/etc/hosts',
      '/proj/packages/api',
      '/proj/packages/api/src',
    ]);
  });

  it('takes paths that do not exist yet (nothing is read from disk)', () => {
    // /proj does not exist: a folder made later, such as a build output, is watched once it appears
    expect(watchOf('    watch: [generated/client, dist]')?.paths).toEqual(['/proj/generated/client', '/proj/dist']);
  });

  it('reads every field of the long form', () => {
    expect(watchOf('    watch: {paths: [src], ignore: ["**/*.test.ts", "!keep.test.ts", dist/], debounce: 1.5s, cascade: true}')).toEqual({
      paths: ['/proj/src'],
      ignore: ['**/*.test.ts', '!keep.test.ts', 'dist/'],
      debounceMs: 1_500,
      cascade: true,
    });
  });

  it('fills what the long form leaves out, and takes a path and a pattern without a list', () => {
    expect(watchOf('    watch: {paths: src, ignore: "*.log"}')).toEqual({ paths: ['/proj/src'], ignore: ['*.log'], ...WATCH_DEFAULTS });
    expect(watchOf('    watch:', '      paths: [src]', '      ignore: []')).toEqual({ paths: ['/proj/src'], ignore: [], ...WATCH_DEFAULTS });
  });

  it.each([
    ['0', 0],
    ['0ms', 0],
    ['250', 250],
    ['1m', 60_000],
  ])('reads the debounce %s as %i ms (0: restart at once)', (debounce, ms) => {
    expect(watchOf(`    watch: {paths: src, debounce: ${debounce}}`)?.debounceMs).toBe(ms);
  });

  it('keeps escaped and negated gitignore patterns as they are', () => {
    expect(watchOf('    watch: {paths: src, ignore: ["\\\\#notes", "!/important.log", "a\\\\ "]}')?.ignore).toEqual(['\\#notes', '!/important.log', 'a\\ ']);
  });

  it('inherits watch through a YAML merge, as any other key', () => {
    const defs = parseYaml(yamlOf('processes:', '  api: &node {command: x, watch: src}', '  worker: {<<: *node, command: y}')).defs;
    expect(defs[1]?.watch?.paths).toEqual(['/proj/src']);
  });
});

describe('loadProjectFile', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'brum-project-file-test-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });
  const write = (name: string, text: string): string => {
    const at = path.join(dir, name);
    mkdirSync(path.dirname(at), { recursive: true });
    writeFileSync(at, text);
    return at;
  };

  it('gives null for a folder with no project file', () => {
    write('package.json', '{"scripts": {"dev": "vite"}}');
    expect(loadProjectFile(dir)).toBeNull();
  });

  it('gives null for a folder that does not exist', () => {
    expect(loadProjectFile(path.join(dir, 'missing'))).toBeNull();
  });

  it('prefers brum.yaml to a Procfile', () => {
    write('brum.yaml', yamlOf('processes:', '  a: {command: x}'));
    write('Procfile', 'b: y\n');
    expect(loadProjectFile(dir)).toMatchObject({ kind: 'brum.yaml', defs: [{ id: 'a' }] });
  });

  it('reads brum.yml too', () => {
    write('brum.yml', yamlOf('processes:', '  a: {command: x}'));
    expect(loadProjectFile(dir)).toMatchObject({ kind: 'brum.yaml', path: path.join(dir, 'brum.yml') });
  });

  it('refuses brum.yaml and brum.yml side by side', () => {
    write('brum.yaml', yamlOf('processes:', '  a: {command: x}'));
    write('brum.yml', yamlOf('processes:', '  a: {command: x}'));
    expect(userErrorOf(() => loadProjectFile(dir))).toBe(`both brum.yaml and brum.yml are in ${dir}: keep one.`);
  });

  it('names the file by its absolute path in errors', () => {
    const file = write('brum.yaml', yamlOf('processes:', '  a: {comand: x}'));
    expect(userErrorOf(() => loadProjectFile(dir))).toBe(`${file}:2:7: processes.a: unknown key "comand". Did you mean "command"?`);
  });

  it('never gives a Procfile process a watch', () => {
    write('Procfile', 'web: npm start\nworker: node worker.js\n');
    expect(loadProjectFile(dir)?.defs.map((d) => d.watch)).toEqual([undefined, undefined]);
  });

  it('loads a Procfile with the .env beside it, when there is one', () => {
    write('Procfile', 'web: npm start\n');
    expect(loadProjectFile(dir)?.defs[0]?.envFiles).toBeUndefined();
    const dotenv = write('.env', 'A=1\n');
    expect(loadProjectFile(dir)).toMatchObject({ kind: 'Procfile', defs: [{ id: 'web', envFiles: [dotenv], source: 'Procfile' }] });
  });

  it('loads the file given, relative to the current directory, by its name', () => {
    const yaml = write('conf/dev.yaml', yamlOf('processes:', '  a: {command: x, cwd: ..}'));
    const procfile = write('Procfile.dev', 'b: y\n');
    const relative = path.relative(process.cwd(), yaml);
    expect(loadProjectFile('/elsewhere', relative)).toMatchObject({ kind: 'brum.yaml', path: yaml, defs: [{ cwd: dir }] });
    expect(loadProjectFile('/elsewhere', procfile)).toMatchObject({ kind: 'Procfile', defs: [{ id: 'b', cwd: dir }] });
  });

  it('refuses a given file that does not exist', () => {
    const missing = path.join(dir, 'nope.yaml');
    expect(userErrorOf(() => loadProjectFile(dir, missing))).toBe(`${missing} does not exist. Check the path given with -f.`);
  });

  it('reads package.json only for processes that run a script', () => {
    // Given a broken package.json
    write('package.json', '{ not json');
    // Then a file of plain commands loads
    write('brum.yaml', yamlOf('processes:', '  a: {command: x}'));
    expect(loadProjectFile(dir)?.defs).toHaveLength(1);
    // But a script brings package.json's own error
    write('brum.yaml', yamlOf('processes:', '  a: {script: dev}'));
    expect(userErrorOf(() => loadProjectFile(dir))).toMatch(/package\.json:1:3 is not valid JSON/);
  });

  it('says which folder lacks a package.json for a script', () => {
    const file = write('brum.yaml', yamlOf('processes:', '  a: {script: dev, cwd: web}'));
    expect(userErrorOf(() => loadProjectFile(dir))).toBe(`${file}:2:15: processes.a.script: no package.json in ${path.join(dir, 'web')} to find script "dev" in.`);
  });

  it('runs a script with the package manager of its folder', () => {
    write('package.json', '{"scripts": {"dev": "vite"}, "packageManager": "pnpm@9.1.0"}');
    write('brum.yaml', yamlOf('processes:', '  a: {script: dev}'));
    expect(loadProjectFile(dir)?.defs[0]?.launch).toEqual({ kind: 'file', file: 'pnpm', args: ['run', 'dev'] });
  });
});

describe('brum.yaml YAML features', () => {
  it('merges `<<: *anchor` as docker-compose files do', () => {
    const defs = parseYaml(
      yamlOf(
        'processes:',
        '  api: &node',
        '    command: node api.js',
        '    env: {NODE_ENV: development}',
        '    restart: on-failure',
        '  worker:',
        '    <<: *node',
        '    command: node worker.js',
      ),
    ).defs;
    expect(defs[1]).toMatchObject({ command: 'node worker.js', env: { NODE_ENV: 'development' }, restart: { mode: 'on-failure' } });
  });
});
