import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandName, listJson, listText, parseKillTimeout, resolveDefs } from '../src/cli/commands';
import { detectPackageManager, runScriptArgs } from '../src/project/package-manager';
import { loadProject, scriptDef } from '../src/project/project';
import type { Project, Script } from '../src/project/project';
import { userErrorOf } from './helpers/user-error';



let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'brum-project-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(file: string, content: string): void {
  writeFileSync(path.join(dir, file), content);
}

function writePkg(pkg: unknown): void {
  write('package.json', JSON.stringify(pkg, null, 2));
}

describe('detectPackageManager', () => {
  it('defaults to npm with no field and no lockfile', () => {
    expect(detectPackageManager(dir, undefined)).toBe('npm');
  });

  it('prefers the packageManager field over every lockfile', () => {
    // Given every lockfile
    for (const f of ['pnpm-lock.yaml', 'yarn.lock', 'bun.lockb', 'bun.lock', 'package-lock.json']) write(f, '');
    // Then the field decides, with or without a version
    expect(detectPackageManager(dir, 'yarn@4.1.0')).toBe('yarn');
    expect(detectPackageManager(dir, 'bun@1.1.0')).toBe('bun');
    expect(detectPackageManager(dir, 'npm@10.0.0')).toBe('npm');
    expect(detectPackageManager(dir, 'pnpm')).toBe('pnpm');
  });

  it('ignores an unknown or non-string packageManager field', () => {
    write('yarn.lock', '');
    expect(detectPackageManager(dir, 'deno@2.0.0')).toBe('yarn');
    expect(detectPackageManager(dir, 42)).toBe('yarn');
    expect(detectPackageManager(dir, null)).toBe('yarn');
  });

  it('falls through lockfiles in order pnpm > yarn > bun > npm', () => {
    // Given all lockfiles, removed one at a time from the most preferred
    const order: Array<[string, string]> = [
      ['pnpm-lock.yaml', 'pnpm'],
      ['yarn.lock', 'yarn'],
      ['bun.lockb', 'bun'],
      ['bun.lock', 'bun'],
      ['package-lock.json', 'npm'],
    ];
    for (const [file] of order) write(file, '');
    for (const [file, pm] of order) {
      // Then the most preferred lockfile left decides
      expect(detectPackageManager(dir, undefined)).toBe(pm);
      rmSync(path.join(dir, file));
    }
    expect(detectPackageManager(dir, undefined)).toBe('npm');
  });

  it('recognises each lockfile on its own', () => {
    const cases: Array<[string, string]> = [
      ['pnpm-lock.yaml', 'pnpm'],
      ['yarn.lock', 'yarn'],
      ['bun.lockb', 'bun'],
      ['bun.lock', 'bun'],
      ['package-lock.json', 'npm'],
      ['npm-shrinkwrap.json', 'npm'],
    ];
    for (const [file, pm] of cases) {
      write(file, '');
      expect(detectPackageManager(dir, undefined)).toBe(pm);
      rmSync(path.join(dir, file));
    }
  });

  it('runs a script through its package manager', () => {
    expect(runScriptArgs('pnpm', 'dev')).toEqual({ file: 'pnpm', args: ['run', 'dev'] });
  });
});

describe('loadProject', () => {
  it('reads scripts in file order with name and package manager', () => {
    // Given a package.json whose scripts are not alphabetical, and a yarn lockfile
    write('package.json', '{"name":"demo","scripts":{"zeta":"z","alpha":"a","mid":"m"}}');
    write('yarn.lock', '');
    // When it is loaded
    const project = loadProject(dir);
    // Then scripts keep file order
    expect(project).toEqual({
      dir: path.resolve(dir),
      name: 'demo',
      packageManager: 'yarn',
      scripts: [
        { name: 'zeta', command: 'z' },
        { name: 'alpha', command: 'a' },
        { name: 'mid', command: 'm' },
      ],
    });
  });

  it('uses the folder name when package.json has no name, and no scripts means an empty list', () => {
    writePkg({ version: '1.0.0' });
    const project = loadProject(dir);
    expect(project.name).toBe(path.basename(dir));
    expect(project.scripts).toEqual([]);
    expect(project.packageManager).toBe('npm');
  });

  it('skips scripts whose command is not a string', () => {
    writePkg({ scripts: { ok: 'echo ok', bad: 5, worse: null } });
    expect(loadProject(dir).scripts).toEqual([{ name: 'ok', command: 'echo ok' }]);
  });

  it('honours the packageManager field', () => {
    writePkg({ packageManager: 'pnpm@9.0.0', scripts: {} });
    write('package-lock.json', '{}');
    expect(loadProject(dir).packageManager).toBe('pnpm');
  });

  it('rejects a folder without package.json, pointing at -C', () => {
    const message = userErrorOf(() => loadProject(dir));
    expect(message).toContain('no package.json');
    expect(message).toContain(path.resolve(dir));
    expect(message).toContain('-C');
  });

  it('rejects a path that does not exist, pointing at -C', () => {
    const message = userErrorOf(() => loadProject(path.join(dir, 'missing')));
    expect(message).toContain('-C');
  });

  it('rejects a package.json that cannot be read', () => {
    mkdirSync(path.join(dir, 'package.json'));
    expect(userErrorOf(() => loadProject(dir))).toContain('cannot read');
  });

  it('rejects invalid JSON', () => {
    write('package.json', '{"scripts": {');
    const message = userErrorOf(() => loadProject(dir));
    expect(message).toContain('is not valid JSON');
    expect(message).toContain(path.join(path.resolve(dir), 'package.json'));
  });

  it('rejects JSON that is not an object', () => {
    write('package.json', '[1, 2]');
    expect(userErrorOf(() => loadProject(dir))).toContain('must contain a JSON object');
    write('package.json', 'null');
    expect(userErrorOf(() => loadProject(dir))).toContain('must contain a JSON object');
  });

  it('rejects scripts that are not an object', () => {
    for (const bad of [['a'], 'dev', 3, true]) {
      writePkg({ scripts: bad });
      expect(userErrorOf(() => loadProject(dir))).toContain('"scripts" in');
    }
  });

  it('treats "scripts": null like a missing field (no scripts)', () => {
    writePkg({ scripts: null });
    expect(loadProject(dir).scripts).toEqual([]);
  });

  it('turns a script into a definition run by its package manager', () => {
    writePkg({ packageManager: 'yarn@4', scripts: { dev: 'vite --port 3000' } });
    const project = loadProject(dir);
    const [script] = project.scripts;
    expect(script).toBeDefined();
    expect(scriptDef(project, script as Script)).toEqual({
      id: 'dev',
      name: 'dev',
      command: 'vite --port 3000',
      cwd: path.resolve(dir),
      launch: { kind: 'file', file: 'yarn', args: ['run', 'dev'] },
      source: 'package.json',
    });
  });
});

describe('commandName', () => {
  it.each([
    ['./bin/server --port 1', 'server'],
    ['node server.js', 'node'],
    ['  /usr/bin/env   node x.js', 'env'],
    ['"./my tool" --x', 'my'],
    ['echo', 'echo'],
    ['', 'cmd'],
    ['dir/', 'cmd'],
  ])('names %j as %j', (command, expected) => {
    expect(commandName(command)).toBe(expected);
  });
});

describe('resolveDefs', () => {
  it('names --cmd processes by their first word, numbering duplicates', () => {
    // Given three commands, two starting with echo
    // When resolved without script names
    const defs = resolveDefs(dir, [], ['echo a', 'echo b', './bin/server', 'echo c']);
    // Then ids are unique and stable
    expect(defs.map((d) => d.id)).toEqual(['echo', 'echo-2', 'server', 'echo-3']);
    expect(defs[1]).toEqual({
      id: 'echo-2',
      name: 'echo-2',
      command: 'echo b',
      cwd: path.resolve(dir),
      launch: { kind: 'shell', command: 'echo b' },
      source: 'cmd',
    });
  });

  it('does not need a package.json when only --cmd is given', () => {
    expect(() => resolveDefs(path.join(dir, 'nowhere'), [], ['echo hi'])).not.toThrow();
  });

  it('puts scripts first and avoids their ids for --cmd', () => {
    // Given a project with a script called "echo"
    writePkg({ scripts: { echo: 'echo from script', dev: 'vite' } });
    // When a script and a --cmd named echo are both asked for
    const defs = resolveDefs(dir, ['echo', 'dev'], ['echo hi']);
    // Then the --cmd one is renamed
    expect(defs.map((d) => d.id)).toEqual(['echo', 'dev', 'echo-2']);
    expect(defs[0]?.launch).toEqual({ kind: 'file', file: 'npm', args: ['run', 'echo'] });
  });

  it('rejects an empty --cmd', () => {
    expect(userErrorOf(() => resolveDefs(dir, [], ['   ']))).toContain('--cmd needs a command');
  });

  it('passes on an unknown script name as a UserError', () => {
    writePkg({ scripts: { build: 'b', dev: 'd', hello: 'h' } });
    expect(userErrorOf(() => resolveDefs(dir, ['helo'], []))).toBe(
      'unknown script "helo". Did you mean "hello"? Available: build, dev, hello',
    );
  });
});

describe('parseKillTimeout', () => {
  it.each(['abc', '-1', '1.5', '', ' ', '1e3', '0x10', '99999999999999999999'])('rejects %j', (value) => {
    const message = userErrorOf(() => parseKillTimeout(value));
    expect(message).toContain('--kill-timeout takes a whole number of milliseconds');
    expect(message).toContain(`"${value}"`);
  });

  it.each([
    ['0', 0],
    ['3000', 3000],
    [' 250 ', 250],
  ])('accepts %j as %d', (value, expected) => {
    expect(parseKillTimeout(value)).toBe(expected);
  });
});

describe('listing', () => {
  const project: Project = {
    dir: '/app',
    name: 'demo',
    packageManager: 'pnpm',
    scripts: [
      { name: 'dev', command: 'vite' },
      { name: 'typecheck', command: 'tsc -w' },
    ],
  };

  it('lists scripts aligned, in order, with a header', () => {
    expect(listText(project)).toBe('demo (pnpm): 2 scripts\n  dev        vite\n  typecheck  tsc -w\n');
    expect(listText({ ...project, scripts: [{ name: 'a', command: 'b' }] })).toBe('demo (pnpm): 1 script\n  a  b\n');
  });

  it('lists scripts as JSON', () => {
    expect(JSON.parse(listJson(project))).toEqual({
      dir: '/app',
      name: 'demo',
      packageManager: 'pnpm',
      scripts: [
        { name: 'dev', command: 'vite' },
        { name: 'typecheck', command: 'tsc -w' },
      ],
    });
  });
});
