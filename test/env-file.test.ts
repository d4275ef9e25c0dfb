import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readEnvFiles } from '../src/runtime/env-files';

let dir = '';
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'brum-env-file-test-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const at = path.join(dir, name);
  writeFileSync(at, text);
  return at;
}

describe('readEnvFiles', () => {
  it('reads dotenv syntax: comments, quotes, export-less lines, multi-line values', () => {
    // Given an env file in the usual dialect
    const env = file('.env', ['# a comment', 'A=1', 'B="two words"', "C='single'", 'D=', 'E="line 1\nline 2"', ''].join('\n'));
    // When it is read
    const result = readEnvFiles([env]);
    // Then every variable comes out as a string
    expect(result).toEqual({ ok: true, env: { A: '1', B: 'two words', C: 'single', D: '', E: 'line 1\nline 2' } });
  });

  it('lets a later file override an earlier one', () => {
    const base = file('.env', 'A=base\nB=base\n');
    const local = file('.env.local', 'B=local\nC=local\n');
    expect(readEnvFiles([base, local])).toEqual({ ok: true, env: { A: 'base', B: 'local', C: 'local' } });
  });

  it('gives an empty environment for no files', () => {
    expect(readEnvFiles([])).toEqual({ ok: true, env: {} });
  });

  it('reports a missing file with its path', () => {
    const present = file('.env', 'A=1\n');
    const missing = path.join(dir, '.env.db');
    expect(readEnvFiles([present, missing])).toEqual({ ok: false, reason: `env_file not found: ${missing}` });
  });

  it('reports a file it cannot read as such', () => {
    // A folder where a file should be: present, but not readable as text.
    const result = readEnvFiles([dir]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(new RegExp(`^cannot read env_file ${dir}: `));
  });

  it('reads the file again at every call, so an edit shows at the next start', () => {
    const env = file('.env', 'A=1\n');
    expect(readEnvFiles([env])).toEqual({ ok: true, env: { A: '1' } });
    writeFileSync(env, 'A=2\n');
    expect(readEnvFiles([env])).toEqual({ ok: true, env: { A: '2' } });
  });
});
