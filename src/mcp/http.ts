import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { authorized, loopbackOnly } from '../control/api-server';
import { UserError } from '../user-error';
import { createMcpServer } from './server';
import type { BrumTools } from './tools';

export interface McpHttpOptions {
  readonly port: number;
  /**
   * The instance's token (the same 0600 file a person's brum CLI reads), as it is now: null until the instance
   * is up, which answers 503 meanwhile.
   */
  readonly token: () => string | null;
  readonly tools: () => BrumTools | null;
}

/**
 * `brum mcp --http PORT`: Streamable HTTP on 127.0.0.1 only, stateless (a server and a transport per request), with
 * the control API's checks before the SDK sees anything: a Host or Origin that is not loopback is 403 (DNS
 * rebinding), a missing or wrong token is 401.
 */
export async function serveMcpHttp(opts: McpHttpOptions): Promise<{ readonly port: number; close(): Promise<void> }> {
  const server = http.createServer((req, res) => void handle(opts, req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new UserError(`--http ${opts.port}: ${error.code ?? error.message} on 127.0.0.1. Pick another port.`)));
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address !== null ? address.port : opts.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(opts: McpHttpOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (!loopbackOnly(req)) return deny(res, 403, 'forbidden: Host and Origin must be localhost, 127.0.0.1 or [::1]');
  const token = opts.token();
  const tools = opts.tools();
  if (token === null || tools === null) return deny(res, 503, 'brum is starting; try again in a moment');
  if (!authorized(req, token)) return deny(res, 401, 'unauthorized: send Authorization: Bearer <token>');
  const mcp = createMcpServer(tools);
  const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  res.once('close', () => {
    void transport.close();
    void mcp.close();
  });
  try {
    await mcp.connect(transport);
    await transport.handleRequest(req, res);
  } catch (error) {
    if (!res.headersSent) deny(res, 500, error instanceof Error ? error.message : String(error));
  }
}

function deny(res: ServerResponse, status: number, error: string): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ error }));
}
