// The floor of bench/control's `brum ps --json` line: the least a Node client can do for the same answer. Reads
// the token, sends GET /v1/processes over the unix socket, prints the body as `brum ps --json` does (indented).
//
//   node ps-floor.mjs SOCKET TOKEN_FILE
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [socketPath, tokenFile] = process.argv.slice(2);
const token = readFileSync(tokenFile, 'utf8').trim();
http
  .request({ socketPath, path: '/v1/processes', headers: { authorization: `Bearer ${token}` } }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => process.stdout.write(`${JSON.stringify(JSON.parse(Buffer.concat(chunks).toString('utf8')), null, 2)}\n`));
  })
  .end();
