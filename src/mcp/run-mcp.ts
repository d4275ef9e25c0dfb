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
  const own = (await answers(instancePaths(opts.cwd).socket)) ? null : await runProject(opts);
  const client = ApiClient.connect(opts.cwd);
  const server = createMcpServer(new BrumTools(client));
  const closed = new Promise<void>((resolve) => {
    // The SDK's stdio transport does not notice its input ending: that is the client going away.
    process.stdin.once('end', () => resolve());
    process.stdin.once('close', () => resolve());
    server.server.onclose = () => resolve();
  });
  await server.connect(new StdioServerTransport());
  const http = opts.http === undefined ? null : await serveMcpHttp({ port: opts.http, token: client.token, tools: new BrumTools(client) });
  await closed;
  await http?.close();
  await server.close();
  if (own !== null) await stopProject(own);
  return 0;
}

async function runProject(opts: McpOptions): Promise<OwnBrum | null> {
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
  const lifecycle = new Lifecycle({ brum, reaper, onSignal: () => void brum.controls.stopAll() });
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
