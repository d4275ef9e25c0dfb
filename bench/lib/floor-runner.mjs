// What a plain runner written in Node does, for the flood bench's reference line: start the command through a
// shell with its output on a pipe, read everything, and print only the last line once the command ends. No UI,
// no line splitting, no log store. It reads the default way ('data' events, a fresh buffer per read), as a plain
// Node runner does; one that reads into a reused buffer can do less still (docs/performance.md, entry 9).
// Quits on any key, as the bench presses q to stop every runner.
import { spawn } from 'node:child_process';

const command = process.argv[2];
if (!command) {
  process.stderr.write('usage: floor-runner.mjs "COMMAND"\n');
  process.exit(2);
}
// Its own process group, so quitting stops the shell and everything the command started, not the shell alone.
const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'inherit'] });
// The last two chunks always hold the whole last line, as long as it is shorter than a chunk.
let previous = Buffer.alloc(0);
let last = Buffer.alloc(0);
child.stdout.on('data', (chunk) => {
  previous = last;
  last = chunk;
});
child.on('close', () => {
  const tail = Buffer.concat([previous, last]).toString('utf8').replace(/\n$/, '');
  process.stdout.write(`${tail.slice(tail.lastIndexOf('\n') + 1)}\n`);
});
if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.once('data', () => {
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    // The group is already gone.
  }
  process.exit(0);
});
