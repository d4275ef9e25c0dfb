// The guards of `npm run lint` (eslint.config.js, scripts/check-folders.mjs) catch what they are there for: each planted
// fault in test/fixtures/guards/ is checked with the same command `npm run lint` runs, and must fail it.
import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = path.join(ROOT, 'test/fixtures/guards');
const ESLINT = path.join(ROOT, 'node_modules/eslint/bin/eslint.js');
const CHECK_FOLDERS = path.join(ROOT, 'scripts/check-folders.mjs');

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a Node script to its end; a non-zero exit is a result here, not an error. */
function runNode(args: readonly string[], cwd: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolve({ code, stdout, stderr });
    });
  });
}

interface LintResult {
  readonly filePath: string;
  readonly messages: readonly { readonly ruleId: string | null }[];
}

// Each check is a fresh process that loads TypeScript or dependency-cruiser: seconds of CPU, more on a loaded machine.
describe.concurrent('the guards of npm run lint', { timeout: 60_000 }, () => {
  it('fail on a floating promise, and pass the same code with the promise awaited', async () => {
    // Given a dropped promise and its awaited twin, When eslint checks both (--no-ignore: the fixtures are excluded
    // from the real run), Then only the dropped one is reported, and eslint exits 1.
    const files = ['floating-promise.ts', 'awaited-promise.ts'].map((name) => path.join(FIXTURES, name));
    const run = await runNode([ESLINT, '--no-ignore', '--format', 'json', ...files], ROOT);
    expect(run.code, run.stderr).toBe(1);
    const results = JSON.parse(run.stdout) as LintResult[];
    const rulesOf = (name: string): (string | null)[] =>
      results.find((r) => r.filePath.endsWith(name))?.messages.map((m) => m.ruleId) ?? ['<not linted>'];
    expect(rulesOf('floating-promise.ts')).toEqual(['@typescript-eslint/no-floating-promises']);
    expect(rulesOf('awaited-promise.ts')).toEqual([]);
  });

  it('fail on a cycle between two folders of src/, type-only imports included, naming the imports', async () => {
    const run = await runNode([CHECK_FOLDERS, 'src'], path.join(FIXTURES, 'cycle'));
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain('folder cycle between src/alpha, src/beta:');
    expect(run.stderr).toContain('src/alpha/one.ts → src/beta/two.ts');
    expect(run.stderr).toContain('src/beta/three.ts → src/alpha/four.ts');
  });

  it('fail when src/ imports a type from components/, or imports Ink', async () => {
    const run = await runNode([CHECK_FOLDERS, 'src', 'components'], path.join(FIXTURES, 'core-imports-ui'));
    expect(run.code, run.stdout).toBe(1);
    expect(run.stderr).toContain('core-not-ui: src/core/title.ts → components/view.ts');
    expect(run.stderr).toMatch(/^core-without-ink: src\/core\/render\.ts → \S*node_modules\/ink\//m);
    expect(run.stderr).toContain('2 folder-rule problem(s)');
  });
});
