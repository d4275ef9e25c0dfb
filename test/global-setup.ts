import { execFileSync } from 'node:child_process';

/** Integration tests run the real bin/brum.js, so build it first: a stale dist/ would test old code. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
