// The import rules of ARCHITECTURE.md, read by scripts/check-folders.mjs (`npm run lint`):
// - src/ never imports components/ (rule core-not-ui below), nor React or Ink (core-without-ink);
// - the folders of src/ never import each other in a cycle (the script checks that on the cruised graph: dependency-cruiser's
//   own folder scope counts a parent folder as importing whatever its subfolders import, so `src/project → src/user-error.ts`
//   would close a cycle through every other folder of src/).
// Type-only imports count everywhere: a type import still ties one folder's shape to another's.
/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'core-not-ui',
      comment: 'src/ is the core every front end shares; it never imports components/ (the Ink views), not even a type.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^components/' },
    },
    {
      name: 'core-without-ink',
      comment: 'No React or Ink below src/: `brum run`, the API and MCP must never load them (ink alone costs ~400 ms).',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '(^|/)node_modules/(ink|ink-[^/]+|react|react-[^/]+|yoga-layout)/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that cannot be resolved would hide a dependency from the checks.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Planted faults for test/guards.test.ts: cruised there on purpose, never by `npm run lint`.
    exclude: { path: '^test/fixtures/guards/' },
    // Without this, `import type` lines vanish before dependency-cruiser sees them.
    tsPreCompilationDeps: true,
    // Resolve packages as Node and TypeScript do (ink, yoga-layout and others only have an `exports` map).
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.json'],
    },
  },
};

/**
 * Exact [importing file, imported file] pairs the cycle check ignores: a place for a known exception while a
 * refactor is under way. Empty: every folder cycle fails. An entry whose import is gone fails too.
 * @type {ReadonlyArray<readonly [string, string]>}
 */
export const knownImports = [];
