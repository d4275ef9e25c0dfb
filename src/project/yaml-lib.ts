import type * as YamlLib from 'yaml';

/**
 * The yaml library, loaded on first use. Why: it is a third of the CLI bundle (~260 KB) and only a brum.yaml needs
 * it, so a project of package.json scripts or a Procfile never loads it: launch → first spawn ~5 ms sooner
 * (docs/performance.md, entry 2c). A plain `require`: esbuild bundles it as a module that initialises on its first
 * call (Vitest's module runner provides `require` too), where `import()` would make every parse asynchronous.
 */
export function yamlLib(): typeof YamlLib {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above: bundled, initialised on first call
  return (loaded ??= require('yaml') as typeof YamlLib);
}

let loaded: typeof YamlLib | undefined;
