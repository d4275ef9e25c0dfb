// What the control-plane benches (bench/control, bench/mcp) share: a GET on brum's API over its unix socket, and a
// poll with a deadline.
import http from 'node:http';

export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** One GET with the token, over the socket: the status and the whole body. */
export function apiGet(socketPath: string, token: string, route: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ socketPath, path: route, headers: { authorization: `Bearer ${token}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Polls `check` every `everyMs` until it returns something other than null; throws naming `what` at the deadline. */
export async function pollUntil<T>(what: string, check: () => T | null | Promise<T | null>, timeoutMs: number, everyMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== null) return v;
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(everyMs);
  }
}
