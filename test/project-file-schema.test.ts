import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { brumFileJsonSchema } from '../src/project/brum-file-json-schema';
import { schemaErrors } from './helpers/json-schema-check';
import { parseYaml, yamlOf } from './helpers/project-file';

const ROOT = path.resolve(import.meta.dirname, '..');
const CHECKED_IN = path.join(ROOT, 'schema/brum.schema.json');
const EXAMPLE = path.join(ROOT, 'test/fixtures/project-file/brum.yaml');

describe('schema/brum.schema.json', () => {
  it('is what the loader validates with (regenerate: UPDATE_SCHEMA=1 npx vitest run test/project-file-schema.test.ts)', () => {
    const generated = brumFileJsonSchema();
    if (process.env.UPDATE_SCHEMA === '1') writeFileSync(CHECKED_IN, `${JSON.stringify(generated, null, 2)}\n`);
    const checkedIn: unknown = JSON.parse(readFileSync(CHECKED_IN, 'utf8'));
    expect(checkedIn, 'schema/brum.schema.json is stale: run UPDATE_SCHEMA=1 npx vitest run test/project-file-schema.test.ts').toEqual(generated);
  });

  it('accepts the example file', () => {
    expect(schemaErrors(brumFileJsonSchema(), parse(readFileSync(EXAMPLE, 'utf8')))).toEqual([]);
  });

  it('accepts every form the loader accepts', () => {
    const text = yamlOf(
      'env_file: [.env, .env.local]',
      'env: {A: 1, B: true, C: c}',
      'processes:',
      '  db: {command: a, ready: {tcp: "[::1]:5432", period: 250, timeout: 1m30s}, stop: {signal: INT, timeout: 0}}',
      '  web: {command: b, depends_on: [db], restart: false, ready: {log: "up"}}',
      '  api:',
      '    command: c',
      '    depends_on: {db: {condition: ready}, web: exited}',
      '    restart: {policy: no, max_restarts: null, jitter: 1, factor: 1.5}',
      '    ready: {exec: "true"}',
      '    autostart: true',
      '    watch: {paths: [src, ../shared], ignore: ["**/*.test.ts", "!keep.test.ts"], debounce: 0, cascade: true}',
      '  worker: {command: d, watch: src}',
      '  cron: {command: e, watch: [jobs, package.json]}',
      '  docs: {command: f, watch: {paths: docs, ignore: "*.tmp", debounce: 1s}}',
    );
    expect(parseYaml(text).defs).toHaveLength(6);
    expect(schemaErrors(brumFileJsonSchema(), parse(text))).toEqual([]);
  });

  it.each([
    ['an unknown key', 'processes: {api: {command: x, depend_on: [db]}}', '/processes/api: additionalProperties'],
    ['a restart policy that does not exist', 'processes: {api: {command: x, restart: {policy: sometimes}}}', '/processes/api/restart: anyOf'],
    ['a bad duration', 'processes: {api: {command: x, ready: {tcp: 1, period: fast}}}', '/processes/api/ready/period: anyOf'],
    ['a process name that reads as a flag', 'processes: {"-api": {command: x}}', '/processes: propertyNames'],
    ['a file without processes', 'env: {A: b}', '/: required'],
    ['a watch that is not a path', 'processes: {api: {command: x, watch: 5}}', '/processes/api/watch: anyOf'],
    ['a glob to watch', 'processes: {api: {command: x, watch: "src/**"}}', '/processes/api/watch: anyOf'],
    ['an unknown key of watch', 'processes: {api: {command: x, watch: {paths: src, debounc: 1s}}}', '/processes/api/watch: anyOf'],
    ['a long watch without paths', 'processes: {api: {command: x, watch: {ignore: [x]}}}', '/processes/api/watch: anyOf'],
    ['a bad debounce', 'processes: {api: {command: x, watch: {paths: src, debounce: soon}}}', '/processes/api/watch: anyOf'],
  ])('refuses %s, as the loader does', (_, text, error) => {
    expect(() => parseYaml(`${text}\n`)).toThrow();
    expect(schemaErrors(brumFileJsonSchema(), parse(text))).toContain(error);
  });

  it('describes every key for editors', () => {
    const schema = brumFileJsonSchema() as { properties: Record<string, { description?: string; additionalProperties?: { properties: Record<string, { description?: string }> } }> };
    expect(Object.keys(schema.properties)).toEqual(['env_file', 'env', 'processes']);
    const processKeys = schema.properties.processes?.additionalProperties?.properties ?? {};
    expect(Object.keys(processKeys)).toEqual(['command', 'script', 'cwd', 'env', 'env_file', 'depends_on', 'ready', 'restart', 'stop', 'watch', 'autostart']);
    for (const [key, sub] of Object.entries({ ...schema.properties, ...processKeys })) expect(sub.description, key).toBeTruthy();
  });

  it('describes every form of watch and every key of its long form', () => {
    type Node = { description?: string; anyOf?: Node[]; properties?: Record<string, Node> };
    const schema = brumFileJsonSchema() as { properties: { processes: { additionalProperties: { properties: { watch: Node } } } } };
    const watch = schema.properties.processes.additionalProperties.properties.watch;
    expect(watch.description).toMatch(/relative to the process's cwd/);
    const forms = watch.anyOf ?? [];
    expect(forms).toHaveLength(3);
    for (const form of forms.slice(0, 2)) expect(form.description).toBeTruthy();
    const keys = forms[2]?.properties ?? {};
    expect(Object.keys(keys)).toEqual(['paths', 'ignore', 'debounce', 'cascade']);
    for (const [key, sub] of Object.entries(keys)) expect(sub.description, key).toBeTruthy();
    expect(keys.debounce?.description).toMatch(/default 300ms/);
    expect(keys.cascade?.description).toMatch(/default false/);
  });
});
