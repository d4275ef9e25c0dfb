#!/usr/bin/env node
// The built CLI lives in dist/ (npm install runs `prepare`, which builds it).
import('../dist/cli.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    process.stderr.write('brum: not built yet. Run `npm install` (or `npm run build`) in the brum folder.\n');
    process.exit(2);
  }
  throw error;
});
