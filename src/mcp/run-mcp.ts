import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { ApiClient } from '../control/api-client';
import { instancePaths } from '../control/instance-paths';
import { startInstance, type Instance } from '../control/instance';
import { answers } from '../control/lease';
import { startLiveProject, type LiveProject } from '../live/live-project';
import { planRun } from '../project/runnable';
import { createBrum, type Brum } from '../runtime/brum';
import { Lifecycle } from '../runtime/lifecycle';
import { Reaper } from '../runtime/reaper';
import { isUserError } from '../user-error';
import { VERSION } from '../version';
import { serveMcpHttp } from './http';
import { createMcpServer } from './server';
import { BrumTools } from './tools';

export interface McpOptions {
  readonly cwd: string;
  readonly file?: string;
  /** Also serve Streamable HTTP on 127.0.0.1:PORT (token and Host/Origin checked). */
  readonly http?: number;
}

/** The brum `brum mcp` runs itself when none is running in the project; stopped when the client goes. */
interface OwnBrum {
  readonly brum: Brum;
  readonly instance: Instance;
  readonly live: LiveProject;
  readonly lifecycle: Lifecycle;
}

/**
 * `brum mcp`: an MCP server on stdio. When a brum runs in the project (the TUI a person watches, or `brum run`),
 * it is a bridge to that one through its control API, so the agent drives the very processes the person sees.
 * When none runs, it runs the project itself (headless, holding the lease, so a later `brum` there is refused
 * with the usual line) and stops everything when the client disconnects. stdout is the protocol's: nothing else
 * is ever written to it.
 */
export async function runMcp(opts: McpOptions): Promise<number> {
  let endNow: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (endNow = resolve));
  // The port first: a port in use is one line and exit 2 before anything has started.
  let client: ApiClient | null = null;
  let tools: BrumTools | null = null;
  const http = opts.http === undefined ? null : await serveMcpHttp({ port: opts.http, token: () => client?.token ?? null, tools: () => tools });
  let own: OwnBrum | null;
  try {
    own = (await answers(instancePaths(opts.cwd).socket)) ? null : await runProject(opts, endNow);
    client = ApiClient.connect(opts.cwd);
    tools = new BrumTools(client);
  } catch (error) {
    await http?.close();
    throw error;
  }
  const server = createMcpServer(tools);
  // The SDK's stdio transport does not notice its input ending: that is the client going away.
  process.stdin.once('end', endNow);
  process.stdin.once('close', endNow);
  server.server.onclose = endNow;
  // A bridge has nothing of its own to stop: a signal simply ends it (as it would without a handler).
  if (own === null) for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, endNow);
  await server.connect(new StdioServerTransport());
  await ended;
  await http?.close();
  await server.close();
  if (own !== null) await stopProject(own);
  return 0;
}

async function runProject(opts: McpOptions, end: () => void): Promise<OwnBrum | null> {
  const plan = planRun(opts.cwd, [], [], opts.file);
  const reaper = Reaper.locate();
  const brum = createBrum({ defs: plan.defs, reaper });
  let instance: Instance;
  try {
    instance = await startInstance(brum, { projectDir: plan.live.root, version: VERSION, onLost: () => undefined });
  } catch (error) {
    // Another brum took the project between the look and the lease: bridge to it instead.
    if (isUserError(error) && (await answers(instancePaths(opts.cwd).socket))) {
      reaper?.close();
      return null;
    }
    throw error;
  }
  // A signal (Ctrl-C, kill) ends brum mcp as the client going away does: everything stops, the lease is released.
  const lifecycle = new Lifecycle({ brum, reaper, onSignal: end });
  const live = startLiveProject(brum, { ...plan.live });
  for (const id of plan.startIds) void brum.controls.start(id);
  return { brum, instance, live, lifecycle };
}

async function stopProject(own: OwnBrum): Promise<void> {
  await own.live.close();
  await own.brum.controls.stopAll();
  await own.lifecycle.shutdown();
  await own.instance.close();
}
