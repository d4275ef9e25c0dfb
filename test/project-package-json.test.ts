import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { jsonSyntaxMessage, parsePackageJson, quotePath } from '../src/project/package-json';
import { loadProject } from '../src/project/project';
import { userErrorOf } from './helpers/user-error';

let dir = '';
let file = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'brum-package-json-test-'));
  file = path.join(dir, 'package.json');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function errorFor(content: string): string {
  writeFileSync(file, content);
  return userErrorOf(() => loadProject(dir));
}

describe('package.json errors: one line naming the place and the problem', () => {
  it.each([
    ['{"name": 5}', '"name" in FILE must be a string (got number).'],
    ['{"name": ["x"]}', '"name" in FILE must be a string (got array).'],
    ['{"packageManager": {"name": "pnpm"}}', '"packageManager" in FILE must be a string such as "pnpm@9.1.0" (got object).'],
    ['{"scripts": ["dev"]}', '"scripts" in FILE must be an object of script name → command (got array).'],
    ['{"scripts": "vite"}', '"scripts" in FILE must be an object of script name → command (got string).'],
    ['[1, 2]', 'FILE must contain a JSON object (got array).'],
    ['"text"', 'FILE must contain a JSON object (got string).'],
    ['null', 'FILE must contain a JSON object (got null).'],
  ])('%s', (content, expected) => {
    expect(errorFor(content)).toBe(expected.replace('FILE', file));
  });

  it('reports the first problem only, on a single line', () => {
    const message = errorFor('{"name": 1, "scripts": 2}');
    expect(message).toBe(`"name" in ${file} must be a string (got number).`);
    expect(message).not.toContain('\n');
  });

  it('gives invalid JSON as file:line:col, the column counted from 1', () => {
    // Given a missing colon on line 3, column 7
    const message = errorFor('{\n  "name": "x",\n  "dev" "vite"\n}\n');
    // Then the message points at it
    // (V8's wording varies between versions; the place is what matters)
    expect(message.startsWith(`${file}:3:9 is not valid JSON (`)).toBe(true);
    expect(message.endsWith('). Fix it and try again.')).toBe(true);
  });

  it('places an unexpected end of input after the last character', () => {
    expect(errorFor('{"scripts": {')).toMatch(/:1:14 is not valid JSON \(/);
    expect(errorFor('{"a": [1,\n')).toMatch(/:2:1 is not valid JSON \(/);
  });

  it('keeps unknown fields and nulls out of the way', () => {
    const pkg = parsePackageJson(file, '{"name": null, "packageManager": null, "scripts": null, "private": true, "workspaces": ["a"]}');
    expect(pkg.name).toBeNull();
    expect(pkg.scripts).toBeNull();
  });
});

describe('quotePath', () => {
  it('writes a path as it would be written in JavaScript', () => {
    expect(quotePath(['scripts'])).toBe('"scripts"');
    expect(quotePath(['scripts', 'dev'])).toBe('"scripts.dev"');
    expect(quotePath(['workspaces', 0, 'name'])).toBe('"workspaces[0].name"');
    expect(quotePath(['scripts', 'dev:web'])).toBe('"scripts["dev:web"]"');
  });
});

describe('jsonSyntaxMessage', () => {
  it('turns a position into line:col and keeps a message without one', () => {
    expect(jsonSyntaxMessage('f', 'ab\ncd', "Unexpected token 'd' in JSON at position 4")).toBe(
      "f:2:2 is not valid JSON (Unexpected token 'd'). Fix it and try again.",
    );
    expect(jsonSyntaxMessage('f', 'ab', 'Something else')).toBe('f:1:3 is not valid JSON (Something else). Fix it and try again.');
  });
});
