// gen.mjs with a record of its own run, for bench/flood-parts: `node bench/corpora/timed-gen.mjs <corpus> --done`.
// With BENCH_GEN_RECORD=file it appends one JSON line when it exits: when it started and ended (epoch ms), how long
// its writes waited for 'drain' (its reader fell behind and the pipe was full), and the CPU its runner (the nearest
// ancestor whose command line holds bin/brum.js or floor-runner) used during the run, main thread and other threads,
// from /proc. Without the variable it is gen.mjs.
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';

const record = process.env.BENCH_GEN_RECORD;
const now = () => performance.timeOrigin + performance.now();
const start = now();

/** The runner's pid: up the parent chain to the first command line that names a runner. */
function runnerPid() {
  let pid = process.ppid;
  for (let i = 0; i < 8 && pid > 1; i++) {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (/bin\/brum\.js|floor-runner/.test(cmd)) return pid;
    pid = Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
  }
  return null;
}

/** CPU ms of each thread of `pid`, keyed by thread id. */
function threadCpu(pid) {
  const out = new Map();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return out;
}

if (record) {
  const runner = runnerPid();
  const before = runner === null ? new Map() : threadCpu(runner);
  let waited = 0;
  let blockedAt = 0;
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (...args) => {
    const ok = write(...args);
    if (!ok && blockedAt === 0) blockedAt = performance.now();
    return ok;
  };
  process.stdout.on('drain', () => {
    if (blockedAt !== 0) waited += performance.now() - blockedAt;
    blockedAt = 0;
  });
  process.on('exit', () => {
    let main = 0;
    let other = 0;
    if (runner !== null) {
      for (const [tid, ms] of threadCpu(runner)) {
        const used = ms - (before.get(tid) ?? 0);
        if (tid === String(runner)) main += used;
        else other += used;
      }
    }
    appendFileSync(record, `${JSON.stringify({ start, end: now(), waited: Math.round(waited), runnerMain: main, runnerOther: other })}\n`);
  });
}

await import('./gen.mjs');
