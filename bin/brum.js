#!/usr/bin/env node
// CommonJS (see bin/package.json): an ES module entry would load Node's ESM loader before anything can start.
// The built CLI lives in dist/ (npm install runs `prepare`, which builds it).
try {
  require.resolve('../dist/launch.cjs');
} catch {
  process.stderr.write('brum: not built yet. Run `npm install` (or `npm run build`) in the brum folder.\n');
  process.exit(2);
}
require('../dist/launch.cjs');
