// The dependent process of readiness.bench.ts. Its first statement takes the time (ms since the epoch,
// sub-ms) and writes it to OUT_FILE; then it says hello and exits 0.
// Usage: node api.mjs OUT_FILE
const at = performance.timeOrigin + performance.now();
const { writeFileSync } = await import('node:fs');
writeFileSync(process.argv[2], `${at}\n`);
console.log('api: listening on :3000');
