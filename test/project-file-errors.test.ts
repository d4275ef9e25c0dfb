import { describe, expect, it } from 'vitest';
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
