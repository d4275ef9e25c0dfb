// The watched process of watch-restart.bench.ts. Its first statement takes the time (ms since the epoch, sub-ms)
// and appends a line to OUT_FILE: the process's own start (performance.timeOrigin, set as Node begins, before its
// bootstrap) and that first statement; then it stays up, as a dev server would, until it is signalled (Node's
// default SIGTERM/SIGINT handling: it dies at once).
// Usage: node app.mjs OUT_FILE
const at = performance.timeOrigin + performance.now();
const { appendFileSync } = await import('node:fs');
appendFileSync(process.argv[2], `${performance.timeOrigin} ${at}\n`);
setInterval(() => undefined, 1 << 30);
