// A process that crashes at once, for the crash → restarted part of readiness.bench.ts. Each run appends
// "start <ms>" as its first statement and "exit <ms>" just before it exits 1 (ms since the epoch, sub-ms).
// Usage: node crash.mjs OUT_FILE
const start = performance.timeOrigin + performance.now();
const { appendFileSync } = await import('node:fs');
console.error('Error: connect ECONNREFUSED 127.0.0.1:5432');
appendFileSync(process.argv[2], `start ${start}\nexit ${performance.timeOrigin + performance.now()}\n`);
process.exit(1);
