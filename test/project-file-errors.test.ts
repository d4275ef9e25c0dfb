import { describe, expect, it } from 'vitest';
import ignore from 'ignore';
import { yamlError, yamlOf } from './helpers/project-file';

// Every error is one line, `brum.yaml:<line>:<col>: <problem>. <suggestion>`, placed where an editor should jump.

describe('brum.yaml syntax errors', () => {
  it('places a YAML syntax error where the yaml parser found it', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: [a', ''))).toBe(
      'brum.yaml:5:1: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ].',
    );
  });

  it('points at the second of two equal keys', () => {
    expect(yamlError(yamlOf('processes:', '  api: {command: x}', '  api: {command: y}'))).toBe(
      'brum.yaml:3:3: invalid YAML: Map keys must be unique.',
    );
  });

  it('keeps a syntax error on one line', () => {
    expect(yamlError(yamlOf('processes:', '  api: {command: x', '  db: y'))).not.toContain('\n');
  });
});

describe('brum.yaml with nothing to run', () => {
  it.each([
    ['an empty file', ''],
    ['only comments', '# nothing here yet\n'],
  ])('refuses %s at 1:1', (_, text) => {
    expect(yamlError(text)).toBe('brum.yaml:1:1: the file is empty: it needs a "processes" map.');
  });

  it('refuses a file without processes', () => {
    expect(yamlError(yamlOf('env: {A: 1}'))).toBe('brum.yaml:1:1: missing "processes".');
  });

  it('refuses an empty processes map, at its key', () => {
    expect(yamlError(yamlOf('env: {A: 1}', 'processes: {}'))).toBe(
      'brum.yaml:2:1: processes: is empty. Add a process, such as "web: { command: npm start }".',
    );
  });

  it('refuses processes with no value', () => {
    expect(yamlError(yamlOf('processes:'))).toBe('brum.yaml:1:1: processes: expected a map of process name → definition (got null).');
  });

  it('refuses a document that is not a map', () => {
    expect(yamlError(yamlOf('- web'))).toBe('brum.yaml:1:1: expected a map with a "processes" key (got a list).');
  });
});

describe('brum.yaml values of the wrong type or form', () => {
  it.each([
    [
      'a restart policy that does not exist',
      ['processes:', '  api:', '    command: x', '    restart:', '      policy: sometimes'],
      'brum.yaml:5:15: processes.api.restart.policy: expected no | on-failure | always (got "sometimes").',
    ],
    [
      'a restart short form that does not exist',
      ['processes:', '  api:', '    command: x', '    restart: sometimes'],
      'brum.yaml:4:14: processes.api.restart: expected no | on-failure | always, or a map with policy, delay, factor, max_delay, jitter, max_restarts, reset_after (got "sometimes").',
    ],
    [
      'a process with no definition',
      ['processes:', '  api:'],
      'brum.yaml:2:3: processes.api: expected a map with command or script (got null).',
    ],
    [
      'a dependency condition that does not exist',
      ['processes:', '  api:', '    command: x', '    depends_on: {db: {condition: readdy}}', '  db: {command: y}'],
      'brum.yaml:4:34: processes.api.depends_on.db.condition: expected started | ready | succeeded | exited (got "readdy").',
    ],
    [
      'an env value that is not a scalar',
      ['processes:', '  api:', '    command: x', '    env: {A: null}'],
      'brum.yaml:4:14: processes.api.env.A: expected a string, number or boolean (got null).',
    ],
    [
      'a port out of range',
      ['processes:', '  api:', '    command: x', '    ready: {tcp: 70000}'],
      'brum.yaml:4:18: processes.api.ready.tcp: must be at most 65535 (got 70000).',
    ],
    [
      'a tcp address without a port',
      ['processes:', '  api:', '    command: x', '    ready: {tcp: "localhost"}'],
      'brum.yaml:4:18: processes.api.ready.tcp: expected a port number or "host:port" (got "localhost").',
    ],
    [
      'an http probe that is not an http URL',
      ['processes:', '  api:', '    command: x', '    ready: {http: "ftp://x"}'],
      'brum.yaml:4:19: processes.api.ready.http: expected an http:// or https:// URL (got "ftp://x").',
    ],
    [
      'a jitter above 1',
      ['processes:', '  api:', '    command: x', '    restart: {policy: always, jitter: 2}'],
      'brum.yaml:4:39: processes.api.restart.jitter: must be at most 1 (got 2).',
    ],
    [
      'a fractional restart count',
      ['processes:', '  api:', '    command: x', '    restart: {policy: always, max_restarts: 1.5}'],
      'brum.yaml:4:45: processes.api.restart.max_restarts: expected a whole number (got 1.5).',
    ],
    [
      'a YAML 1.1 boolean, which YAML 1.2 reads as a string',
      ['processes:', '  api:', '    command: x', '    autostart: yes'],
      'brum.yaml:4:16: processes.api.autostart: expected true or false (got "yes").',
    ],
    [
      'an empty command',
      ['processes:', '  api:', '    command: ""'],
      'brum.yaml:3:14: processes.api.command: must not be empty.',
    ],
    [
      'a process name that could read as a flag',
      ['processes:', '  "-api":', '    command: x'],
      'brum.yaml:2:3: processes: invalid name "-api": use letters, digits and - _ . : (starting with a letter, digit or _).',
    ],
  ])('%s', (_, lines, expected) => {
    expect(yamlError(yamlOf(...lines))).toBe(expected);
  });
});

describe('brum.yaml durations', () => {
  it.each([
    ['a word', 'period: fast', 'brum.yaml:4:29: processes.api.ready.period: expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got "fast").'],
    ['a number without a unit, as a string', 'period: "5"', 'brum.yaml:4:29: processes.api.ready.period: expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got "5").'],
    ['a negative number', 'timeout: -1', 'brum.yaml:4:30: processes.api.ready.timeout: expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got -1).'],
    ['a list', 'timeout: [1s]', 'brum.yaml:4:30: processes.api.ready.timeout: expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got a list).'],
    ['a zero period, which would poll without pause', 'period: 0ms', 'brum.yaml:4:29: processes.api.ready.period: must be more than 0.'],
  ])('refuses %s', (_, field, expected) => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', `    ready: {tcp: 1, ${field}}`))).toBe(expected);
  });

  it('refuses a bad duration in the restart policy', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    restart:', '      policy: always', '      delay: 1d'))).toBe(
      'brum.yaml:6:14: processes.api.restart.delay: expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got "1d").',
    );
  });
});

describe('brum.yaml unknown keys', () => {
  it('points at a misspelt key and suggests the right one', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    depend_on: [db]'))).toBe(
      'brum.yaml:4:5: processes.api: unknown key "depend_on". Did you mean "depends_on"?',
    );
  });

  it('prefers the misspelt key to the required key it was meant to be', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    restart: {polcy: always}'))).toBe(
      'brum.yaml:4:15: processes.api.restart: unknown key "polcy". Did you mean "policy"?',
    );
    expect(yamlError(yamlOf('proceses:', '  api: {command: x}'))).toBe('brum.yaml:1:1: unknown key "proceses". Did you mean "processes"?');
  });

  it('points at the map that misses a required key', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    restart: {}'))).toBe(
      'brum.yaml:4:5: processes.api.restart: missing "policy".',
    );
  });

  it('lists the known keys when nothing is close', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', 'version: 2'))).toBe(
      'brum.yaml:4:1: unknown key "version". Expected one of: env_file, env, processes.',
    );
  });

  it('finds unknown keys in probes and stop specs too', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    ready: {tcp: 1, interval: 1s}'))).toBe(
      'brum.yaml:4:21: processes.api.ready: unknown key "interval". Expected one of: tcp, http, log, exec, period, timeout.',
    );
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    stop: {signl: SIGINT}'))).toBe(
      'brum.yaml:4:12: processes.api.stop: unknown key "signl". Did you mean "signal"?',
    );
  });
});

describe('brum.yaml command and script', () => {
  it('refuses both, at the second', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    script: dev'))).toBe(
      'brum.yaml:4:5: processes.api: has both command and script: keep one.',
    );
  });

  it('refuses neither, at the process', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    cwd: x'))).toBe('brum.yaml:2:3: processes.api: needs a command or a script.');
  });

  it('refuses an unknown script, with the closest one', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    script: deb'))).toBe(
      'brum.yaml:3:13: processes.api.script: unknown script "deb" in /proj/package.json. Did you mean "dev"?',
    );
  });

  it('lists the scripts when nothing is close', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    script: storybook'), { dev: 'vite', test: 'vitest' })).toBe(
      'brum.yaml:3:13: processes.api.script: unknown script "storybook" in /proj/package.json. Available: dev, test.',
    );
  });

  it('says when there is no package.json to find a script in', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    script: dev'), null)).toBe(
      'brum.yaml:3:13: processes.api.script: no package.json in /proj to find script "dev" in.',
    );
  });
});

describe('brum.yaml probes and signals', () => {
  it('refuses a log pattern that is not a regular expression', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    ready: {log: "ready (at"}'))).toBe(
      'brum.yaml:4:18: processes.api.ready.log: not a valid regular expression: Unterminated group (in /ready (at/).',
    );
  });

  it('refuses a probe with two checks or none', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    ready: {http: "http://x", tcp: 3}'))).toBe(
      'brum.yaml:4:5: processes.api.ready: has both tcp and http: a probe checks one thing, keep one.',
    );
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    ready: {period: 1s}'))).toBe(
      'brum.yaml:4:5: processes.api.ready: needs one of tcp, http, log or exec.',
    );
  });

  it.each([
    ['SIGTERN', 'unknown signal "SIGTERN". Did you mean "SIGTERM"?'],
    ['sigint', 'unknown signal "sigint". Did you mean "SIGINT"?'],
    ['term', 'unknown signal "term". Did you mean "SIGTERM"?'],
    ['NOPE_AT_ALL', 'unknown signal "NOPE_AT_ALL". Use a name such as SIGINT or SIGTERM.'],
  ])('refuses the signal %s with a suggestion', (signal, expected) => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', `    stop: {signal: ${signal}}`))).toBe(
      `brum.yaml:4:20: processes.api.stop.signal: ${expected}`,
    );
  });
});

describe('brum.yaml dependencies', () => {
  it('refuses an unknown dependency, with the closest name', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    depends_on: {dbb: ready}', '  db: {command: y}'))).toBe(
      'brum.yaml:4:18: processes.api.depends_on.dbb: unknown process "dbb". Did you mean "db"?',
    );
  });

  it('refuses an unknown dependency in the list form, at the item', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    depends_on: [db, cache]', '  db: {command: y}'))).toBe(
      'brum.yaml:4:22: processes.api.depends_on[1]: unknown process "cache". Processes: api, db.',
    );
  });

  it('refuses a name listed twice', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    depends_on: [db, db]', '  db: {command: y}'))).toBe(
      'brum.yaml:4:22: processes.api.depends_on[1]: "db" is listed twice.',
    );
  });

  it('names a cycle along its edges, at its first edge', () => {
    const text = yamlOf(
      'processes:',
      '  api:',
      '    command: x',
      '    depends_on: {migrate: succeeded}',
      '  migrate:',
      '    command: y',
      '    depends_on:',
      '      - db',
      '  db:',
      '    command: z',
      '    depends_on: [api]',
    );
    expect(yamlError(text)).toBe('brum.yaml:4:18: dependency cycle: api → migrate → db → api.');
  });

  it('names a cycle that does not start at the first process', () => {
    const text = yamlOf('processes:', '  web: {command: w, depends_on: [api]}', '  api: {command: x, depends_on: [db]}', '  db: {command: y, depends_on: {api: ready}}');
    expect(yamlError(text)).toBe('brum.yaml:3:34: dependency cycle: api → db → api.');
  });

  it('calls a process that depends on itself a cycle', () => {
    expect(yamlError(yamlOf('processes:', '  api:', '    command: x', '    depends_on: [api]'))).toBe(
      'brum.yaml:4:18: dependency cycle: api → api.',
    );
  });
});

describe('brum.yaml env names', () => {
  it('refuses a variable name the environment cannot hold', () => {
    expect(yamlError(yamlOf('env:', '  "A=B": x', 'processes:', '  api: {command: x}'))).toBe(
      'brum.yaml:2:3: env: invalid name "A=B": expected a variable name without "=" (got "A=B").',
    );
  });
});

describe('brum.yaml watch', () => {
  const watchError = (...lines: string[]): string => yamlError(yamlOf('processes:', '  api:', '    command: x', ...lines));

  it.each([
    ['a number', '    watch: 5', 'brum.yaml:4:12: processes.api.watch: expected a path, a list of paths, or a map with paths, ignore, debounce and cascade (got 5).'],
    ['true', '    watch: true', 'brum.yaml:4:12: processes.api.watch: expected a path, a list of paths, or a map with paths, ignore, debounce and cascade (got true).'],
    ['nothing', '    watch:', 'brum.yaml:4:5: processes.api.watch: expected a path, a list of paths, or a map with paths, ignore, debounce and cascade (got null).'],
    ['an empty path', '    watch: ""', 'brum.yaml:4:12: processes.api.watch: must not be empty.'],
    ['an empty list', '    watch: []', 'brum.yaml:4:12: processes.api.watch: must not be empty.'],
    ['an empty path in a list, at the item', '    watch: [src, ""]', 'brum.yaml:4:18: processes.api.watch[1]: must not be empty.'],
    ['a path that is not a string', '    watch: [src, 3]', 'brum.yaml:4:18: processes.api.watch[1]: expected a string (got 3).'],
    [
      'a glob, which the watcher would read as a file name',
      '    watch: "src/**/*.ts"',
      'brum.yaml:4:12: processes.api.watch: "src/**/*.ts" is a glob: watch takes files and folders (a folder with everything in it); leave files out with ignore.',
    ],
    [
      'a glob in a list',
      '    watch: [src, "*.ts"]',
      'brum.yaml:4:18: processes.api.watch[1]: "*.ts" is a glob: watch takes files and folders (a folder with everything in it); leave files out with ignore.',
    ],
    ['a path listed twice', '    watch: [src, src]', 'brum.yaml:4:18: processes.api.watch[1]: "src" is listed twice.'],
    ['the same path written twice', '    watch: {paths: [src, ./src/]}', 'brum.yaml:4:26: processes.api.watch.paths[1]: "./src/" is the same path as "src": keep one.'],
    ['an empty list of paths', '    watch: {paths: []}', 'brum.yaml:4:20: processes.api.watch.paths: must not be empty.'],
    ['paths that are a map', '    watch: {paths: {src: true}}', 'brum.yaml:4:20: processes.api.watch.paths: expected a path or a list of paths (got a map).'],
    ['a glob in paths', '    watch: {paths: ["**/*.ts"]}', 'brum.yaml:4:21: processes.api.watch.paths[0]: "**/*.ts" is a glob: watch takes files and folders (a folder with everything in it); leave files out with ignore.'],
  ])('refuses %s', (_, line, expected) => {
    expect(watchError(line)).toBe(expected);
  });

  it('refuses the long form without paths, at its key', () => {
    expect(watchError('    watch: {ignore: [dist/]}')).toBe('brum.yaml:4:5: processes.api.watch: missing "paths".');
  });

  it.each([
    ['debounc', 'debounce'],
    ['path', 'paths'],
    ['ignores', 'ignore'],
    ['cascades', 'cascade'],
  ])('points at the misspelt key %s and suggests %s', (key, meant) => {
    expect(watchError('    watch:', '      paths: [src]', `      ${key}: x`)).toBe(
      `brum.yaml:6:7: processes.api.watch: unknown key "${key}". Did you mean "${meant}"?`,
    );
  });

  it('prefers the misspelt "path" to the missing "paths"', () => {
    expect(watchError('    watch: {path: src}')).toBe('brum.yaml:4:13: processes.api.watch: unknown key "path". Did you mean "paths"?');
  });

  it('lists the known keys when nothing is close', () => {
    expect(watchError('    watch: {paths: src, recursive: true}')).toBe(
      'brum.yaml:4:25: processes.api.watch: unknown key "recursive". Expected one of: paths, ignore, debounce, cascade.',
    );
  });

  it('suggests watch for a misspelt watch', () => {
    expect(watchError('    wach: src')).toBe('brum.yaml:4:5: processes.api: unknown key "wach". Did you mean "watch"?');
  });

  it.each([
    ['a word', 'fast', 'expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got "fast").'],
    ['a number without a unit, as a string', '"300"', 'expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got "300").'],
    ['a negative number', '-1', 'expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got -1).'],
    ['an unknown unit', '1d', 'expected a duration such as 250ms, 2s, 1m, 1m30s or a number of milliseconds (got "1d").'],
  ])('refuses a debounce that is %s', (_, debounce, expected) => {
    expect(watchError(`    watch: {paths: src, debounce: ${debounce}}`)).toBe(`brum.yaml:4:35: processes.api.watch.debounce: ${expected}`);
  });

  it('refuses a cascade that is not a boolean', () => {
    expect(watchError('    watch: {paths: src, cascade: yes}')).toBe('brum.yaml:4:34: processes.api.watch.cascade: expected true or false (got "yes").');
  });

  it.each([
    ['a map', '{dist: true}', 'brum.yaml:4:33: processes.api.watch.ignore: expected a gitignore pattern or a list of them (got a map).'],
    ['an empty pattern', '[""]', 'brum.yaml:4:34: processes.api.watch.ignore[0]: must not be empty.'],
    ['a pattern that is not a string', '[dist/, 1]', 'brum.yaml:4:41: processes.api.watch.ignore[1]: expected a string (got 1).'],
    ['a blank pattern', '["  "]', 'brum.yaml:4:34: processes.api.watch.ignore[0]: must not be blank.'],
    ['a pattern of two lines', '["a\\nb"]', 'brum.yaml:4:34: processes.api.watch.ignore[0]: has a line break: put each pattern in its own item.'],
    [
      'a comment',
      '["#tmp"]',
      'brum.yaml:4:34: processes.api.watch.ignore[0]: "#tmp" is a comment in gitignore syntax and matches nothing: write \\#tmp for a name that starts with #.',
    ],
    [
      'a comment, without a list',
      '"#tmp"',
      'brum.yaml:4:33: processes.api.watch.ignore: "#tmp" is a comment in gitignore syntax and matches nothing: write \\#tmp for a name that starts with #.',
    ],
    [
      'a negation of nothing',
      '["!"]',
      'brum.yaml:4:34: processes.api.watch.ignore[0]: "!" alone matches nothing: write !pattern to watch again what an earlier pattern leaves out.',
    ],
    [
      'a trailing lone backslash',
      "['tmp\\']",
      'brum.yaml:4:34: processes.api.watch.ignore[0]: "tmp\\" ends with a lone \\, which gitignore drops with the whole pattern: write \\\\ for a backslash.',
    ],
    [
      'a leading ./',
      '[./dist]',
      'brum.yaml:4:34: processes.api.watch.ignore[0]: "./dist" never matches: gitignore patterns have no . or .. parts. Write /dist for the top-level one, or dist for any.',
    ],
    [
      'a negated leading ./',
      '["!./dist/keep"]',
      'brum.yaml:4:34: processes.api.watch.ignore[0]: "!./dist/keep" never matches: gitignore patterns have no . or .. parts. Write !/dist/keep for the top-level one, or !dist/keep for any.',
    ],
    ['a .. part', '[../shared/tmp]', 'brum.yaml:4:34: processes.api.watch.ignore[0]: "../shared/tmp" never matches: gitignore patterns have no . or .. parts.'],
    ['a . part inside', '[dist/./tmp]', 'brum.yaml:4:34: processes.api.watch.ignore[0]: "dist/./tmp" never matches: gitignore patterns have no . or .. parts.'],
  ])('refuses an ignore that is %s', (_, ignore, expected) => {
    expect(watchError(`    watch: {paths: src, ignore: ${ignore}}`)).toBe(expected);
  });

  it('says every refused pattern on one line', () => {
    expect(watchError('    watch:', '      paths: src', '      ignore:', '        - |', '          dist', '          tmp')).toBe(
      'brum.yaml:7:11: processes.api.watch.ignore[0]: has a line break: put each pattern in its own item.',
    );
  });
});

describe('brum.yaml watch patterns, as the ignore package reads them', () => {
  // The patterns the loader refuses are the ones the watcher's matcher would take without a word and never match with;
  // the fixes the messages offer match what was meant.
  const matches = (pattern: string, file: string): boolean => ignore().add([pattern]).ignores(file);

  it.each([
    ['#tmp', '#tmp'],
    ['!', 'x'],
    ['tmp\\', 'tmp'],
    ['./dist', 'dist/a.js'],
    ['../shared/tmp', 'tmp'],
    ['dist/./tmp', 'dist/tmp'],
    ['  ', 'x'],
  ])('%s matches nothing (not even %s)', (pattern, file) => {
    expect(matches(pattern, file)).toBe(false);
  });

  it.each([
    ['\\#tmp', '#tmp'],
    ['/dist', 'dist/a.js'],
    ['dist', 'packages/web/dist/a.js'],
    ['tmp\\\\', 'tmp\\'],
  ])('the offered fix %s matches %s', (pattern, file) => {
    expect(matches(pattern, file)).toBe(true);
  });
});
