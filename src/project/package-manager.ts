import { existsSync } from 'node:fs';
import path from 'node:path';

export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

const LOCKFILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/** The `packageManager` field wins (it is what corepack enforces), then a lockfile, then npm. */
export function detectPackageManager(dir: string, packageManagerField: unknown): PackageManager {
  if (typeof packageManagerField === 'string') {
    const name = packageManagerField.split('@')[0];
    if (name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun') return name;
  }
  for (const [file, pm] of LOCKFILES) if (existsSync(path.join(dir, file))) return pm;
  return 'npm';
}

/** Run a script as its package manager would, so pre/post scripts and npm_* variables still work. */
export function runScriptArgs(pm: PackageManager, script: string): { file: string; args: string[] } {
  return { file: pm, args: ['run', script] };
}
