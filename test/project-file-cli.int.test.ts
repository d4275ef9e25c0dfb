// The project file through the real CLI (bin/brum.js): bad input is one line at file:line:col and exit 2, every
// case of the issue; `brum check`, `brum ls` and `brum schema`; and `brum run` over a file: autostart, the
// `[brum]` notes, a restarting process that has not finished, and the report's runs.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { brumFileJsonSchema } from '../src/project/brum-file-json-schema';
import { ROOT, startBrum } from './helpers/brum';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-file-cli-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

describe('bad input: one line naming file:line:col, exit 2, no stack trace', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['a YAML syntax error', { 'brum.yaml': yaml('processes:', '  api: [') }, 'brum.yaml:3:1: invalid YAML'],
    [
      'a wrong value with its path',
      { 'brum.yaml': yaml('processes:', '  api:', '    command: x', '    restart: { policy: sometimes }') },
      'brum.yaml:4:24: processes.api.restart.policy: expected no | on-failure | always (got "sometimes").',
    ],
    [
      'an unknown key with a suggestion',
      { 'brum.yaml': yaml('processes:', '  api:', '    command: x', '    depend_on: { db: ready }') },
      'brum.yaml:4:5: processes.api: unknown key "depend_on". Did you mean "depends_on"?',
    ],
    [
      'a dependency cycle, named',
      { 'brum.yaml': yaml('processes:', '  api:', '    command: x', '    depends_on: { migrate: succeeded }', '  migrate:', '    command: y', '    depends_on: [api]') },
      'dependency cycle: api → migrate → api.',
    ],
    [
      'an unknown dependency with a suggestion',
      { 'brum.yaml': yaml('processes:', '  db:', '    command: x', '  api:', '    command: y', '    depends_on: { dbb: ready }') },
      'brum.yaml:6:19: processes.api.depends_on.dbb: unknown process "dbb". Did you mean "db"?',
    ],
    ['a bad duration', { 'brum.yaml': yaml('processes:', '  db:', '    command: x', '    stop: { timeout: 10 secs }') }, 'brum.yaml:4:22: processes.db.stop.timeout:'],
    ['a bad signal name', { 'brum.yaml': yaml('processes:', '  db:', '    command: x', '    stop: { signal: SIGSTOPP }') }, 'brum.yaml:4:21: processes.db.stop.signal:'],
    ['command and script both', { 'brum.yaml': yaml('processes:', '  api:', '    command: x', '    script: dev') }, 'brum.yaml:4:5: processes.api: has both command and script: keep one.'],
    ['neither command nor script', { 'brum.yaml': yaml('processes:', '  api:', '    cwd: .') }, 'brum.yaml:2:3: processes.api:'],
    [
      'an unknown script',
      { 'brum.yaml': yaml('processes:', '  api:', '    script: devv'), 'package.json': JSON.stringify({ name: 'p', scripts: { dev: 'x' } }) },
      'brum.yaml:3:13: processes.api.script: unknown script "devv"',
    ],
    ['a Procfile line that is neither', { Procfile: 'web: node web.js\nthis is not a process\n' }, 'Procfile:2:1:'],
  ];

  it.each(cases)('%s', async (_, files, expected) => {
    const dir = project(files);
    const b = startBrum(['check', '-C', dir]);
    expect(await b.exited()).toBe(2);
    const lines = b.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    // The file is named by its absolute path, then its position, then the problem.
    const prefix = `brum: ${dir}/`;
    expect(lines[0]?.startsWith(prefix)).toBe(true);
    const rest = lines[0]?.slice(prefix.length) ?? '';
    expect(rest).toMatch(/^(brum\.yaml|Procfile):\d+:\d+: /);
    expect(rest).toContain(expected);
    expect(b.stderr()).not.toMatch(/\n\s+at /);
    expect(b.stdout()).toBe('');
  });

  it('a missing env_file fails only that process, with the reason; brum keeps going', async () => {
    const dir = project({
      'brum.yaml': yaml('processes:', '  api:', '    command: echo api ran', '    env_file: .env.missing', '  web:', '    command: echo web ran'),
    });
    const b = startBrum(['run', '-C', dir, '--no-color']);
    expect(await b.exited()).toBe(1);
    expect(b.stdout()).toContain(`[brum] api failed: env_file not found: ${path.join(dir, '.env.missing')}`);
    expect(b.stdout()).toContain('web ran');
  });
});

describe('brum check, ls and schema', () => {
  it('check says the file is valid and exits 0; the demo project is valid', async () => {
    const b = startBrum(['check', '-C', path.join(ROOT, 'examples/demo')]);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toBe(`${path.join(ROOT, 'examples/demo/brum.yaml')}: valid, 6 processes (db, migrate, api, web, typecheck, flaky)\n`);
  });

  it('ls shows each process with its source, dependencies, probe and restart policy', async () => {
    const b = startBrum(['ls', '-C', path.join(ROOT, 'examples/demo')]);
    expect(await b.exited()).toBe(0);
    const out = b.stdout();
    expect(out).toMatch(/^brum-demo \(npm\): 6 processes from .*brum\.yaml, 3 scripts from package\.json\n/);
    expect(out).toContain('ready: tcp 127.0.0.1:54329 (every 0.1 s, up to 60 s) · stop: SIGINT, 5 s grace');
    expect(out).toContain('after migrate succeeded, db ready (restarts with it) · ready: log /listening on/');
    expect(out).toContain('restart: on-failure, 1 s ×2 up to 8 s ±20%, at most 5');
    expect(out).toMatch(/ {2}build +package\.json +node scripts\/build\.mjs/);
  });

  it('schema prints the JSON schema generated from the zod schema, the same as the shipped file', async () => {
    const b = startBrum(['schema']);
    expect(await b.exited()).toBe(0);
    const printed: unknown = JSON.parse(b.stdout());
    expect(printed).toEqual(brumFileJsonSchema());
    expect(printed).toEqual(JSON.parse(readFileSync(path.join(ROOT, 'schema/brum.schema.json'), 'utf8')));
  });
});

describe('brum run over a project file', () => {
  it('runs the autostart processes, dependencies first, with one note per event, and reports every run', async () => {
    const dir = project({
      'brum.yaml': yaml(
        'processes:',
        '  migrate:',
        '    command: echo migrated',
        '  flaky:',
        '    command: echo try; exit 3',
        '    depends_on: { migrate: succeeded }',
        '    restart: { policy: on-failure, delay: 50ms, factor: 2, jitter: 0, max_restarts: 2 }',
        '  manual:',
        '    command: echo never',
        '    autostart: false',
      ),
    });
    const report = path.join(dir, 'report.json');
    const b = startBrum(['run', '-C', dir, '--no-color', '--report', report]);
    // The run ends only once flaky gave up: a process that will still restart has not finished.
    expect(await b.exited()).toBe(3);
    const notes = b
      .stdout()
      .split('\n')
      .filter((l) => l.startsWith('[brum]'));
    expect(notes).toEqual([
      '[brum] flaky waiting for migrate: succeeded',
      '[brum] migrate exited with code 0',
      '[brum] flaky exited with code 3; restarting in 0.05 s (1/2)',
      '[brum] flaky exited with code 3; restarting in 0.1 s (2/2)',
      expect.stringMatching(/^\[brum\] flaky failed: crash loop: gave up after 2 restarts in \d+(\.\d+)? s$/),
    ]);
    expect(b.stdout()).not.toContain('never');
    const parsed = JSON.parse(readFileSync(report, 'utf8')) as { processes: Array<{ name: string; runs: Array<{ restartDelayMs: number | null; exitCode: number }> }> };
    expect(parsed.processes.map((p) => p.name)).toEqual(['migrate', 'flaky']);
    const flaky = parsed.processes.find((p) => p.name === 'flaky');
    expect(flaky?.runs.map((r) => [r.exitCode, r.restartDelayMs])).toEqual([
      [3, 50],
      [3, 100],
      [3, null],
    ]);
  });

  it('a watched process restarted again and again keeps brum run going (a restart is not an end) until Ctrl-C', async () => {
    const dir = project({
      'brum.yaml': yaml('processes:', '  api:', `    command: node ${path.join(ROOT, 'test/fixtures/orchestra/service.mjs')} log up 0`, '    watch: { paths: [src], debounce: 50ms }'),
    });
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, 'src/a.ts'), '0');
    const b = startBrum(['run', '-C', dir, '--no-color']);
    await b.waitForOutput('[api] up');
    for (let i = 1; i <= 3; i++) {
      writeFileSync(path.join(dir, 'src/a.ts'), String(i));
      await b.waitForOutput(new RegExp(`(\\[brum\\] api restarting: src/a\\.ts changed\\n[^]*){${i}}`));
      await b.waitForOutput(new RegExp(`(\\[api\\] up\\n[^]*){${i}}\\[api\\] up`));
    }
    expect(b.child.exitCode).toBeNull();
    b.child.kill('SIGINT');
    expect(await b.exited()).toBe(130);
  });

  it('a file process shadows the package.json script of the same name', async () => {
    const dir = project({
      'brum.yaml': yaml('processes:', '  dev:', '    command: echo from brum.yaml'),
      'package.json': JSON.stringify({ name: 'p', scripts: { dev: 'echo from package.json', other: 'echo other' } }),
    });
    const b = startBrum(['run', '-C', dir, '--no-color', 'dev']);
    expect(await b.exited()).toBe(0);
    expect(b.stdout()).toContain('from brum.yaml');
    expect(b.stdout()).not.toContain('from package.json');
  });
});
