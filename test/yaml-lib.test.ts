// The yaml library is loaded only to read a brum.yaml (src/project/yaml-lib.ts): a project of package.json scripts
// or a Procfile never pays for it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import type * as YamlLibModule from '../src/project/yaml-lib';
import { loadProjectFile } from '../src/project/project-file';

const loads = vi.hoisted(() => ({ count: 0 }));
vi.mock('../src/project/yaml-lib', async (importOriginal) => {
  const real = await importOriginal<typeof YamlLibModule>();
  return {
    yamlLib: () => {
      loads.count++;
      return real.yamlLib();
    },
  };
});

const dirs: string[] = [];
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'brum-yaml-lib-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  loads.count = 0;
});

it('is not asked for when the project has only package.json scripts or a Procfile', () => {
  expect(loadProjectFile(project({ 'package.json': '{"scripts":{"dev":"node x.js"}}' }))).toBeNull();
  expect(loadProjectFile(project({ Procfile: 'web: node web.js\n' }))?.defs.map((d) => d.id)).toEqual(['web']);
  expect(loads.count).toBe(0);
});

it('is asked for to read a brum.yaml, and its errors still point at file:line:col', () => {
  const dir = project({ 'brum.yaml': 'processes:\n  api:\n    command: node api.js\n' });
  expect(loadProjectFile(dir)?.defs.map((d) => d.id)).toEqual(['api']);
  expect(loads.count).toBeGreaterThan(0);
  const bad = project({ 'brum.yaml': 'processes:\n  api:\n    command: node api.js\n    depend_on: [db]\n' });
  expect(() => loadProjectFile(bad)).toThrow(/brum\.yaml:4:5: .*depend_on/);
});
