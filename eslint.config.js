// Lint rules that keep brum's shape (issue 12), run by `npm run lint`. TypeScript is linted with type information:
// the rules that matter most here (floating and misused promises, exhaustive switches) cannot be checked without it.
// Plain JavaScript (bin/, scripts/, bench/*.mjs, demo and fixture scripts) gets the recommended rules without types:
// those files are outside tsconfig.json, and they are small build, bench and generator scripts.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  globalIgnores([
    'dist/',
    'reports/',
    // Planted faults for test/guards.test.ts: linted there on purpose, never by `npm run lint`.
    'test/fixtures/guards/',
  ]),

  {
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended],
    languageOptions: { globals: { ...globals.node } },
  },

  {
    files: ['**/*.{ts,tsx}'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // A `default` that handles the rest on purpose is fine; a member of a union silently missing is not.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      // tsc already reports these (noUnusedLocals, noUnusedParameters, `_` for a parameter kept for its position).
      '@typescript-eslint/no-unused-vars': 'off',
      // The `!` and `as number` on indexed reads say "this index is in range"; without noUncheckedIndexedAccess the
      // rule calls them unnecessary, and removing them would lose that note and churn every hot loop.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // An async function without await is how a callback meets a Promise-returning signature; harmless. The hazards
      // (a promise dropped or passed where void is expected) are the two promise rules above.
      '@typescript-eslint/require-await': 'off',
    },
  },

  {
    // brum reads terminal output: escape and control characters in regular expressions are the point, not a slip.
    files: ['**/*.{js,mjs,cjs,ts,tsx}'],
    rules: { 'no-control-regex': 'off' },
  },
);
