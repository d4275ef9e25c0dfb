import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { inputs, outputs } from './schemas';
import type { BrumTools, ToolAnswer } from './tools';
import { VERSION } from '../version';

/** A tool's answer as MCP wants it: the text, and (unless it is an error) the same facts as structured content. */
function result(answer: ToolAnswer): CallToolResult {
  if (answer.isError) return { content: [{ type: 'text', text: answer.text }], isError: true };
  return { content: [{ type: 'text', text: answer.text }], structuredContent: answer.structured };
}

/**
 * brum's MCP server: nine tools over the command layer of the brum that runs the project. Every answer is bounded
 * and nothing follows: logs are read by cursor, waits have a timeout. Bad arguments (an unknown process, a bad
 * regex) are tool errors the agent can read and act on; the server never crashes on them.
 */
export function createMcpServer(tools: BrumTools): McpServer {
  const server = new McpServer({ name: 'brum', version: VERSION });
  const readOnly = { readOnlyHint: true, openWorldHint: false } as const;
  server.registerTool(
    'list_processes',
    {
      title: 'List processes',
      description:
        "Every process of the project with its status (running, waiting for dependencies, restarting, exited, failed…), pid, whether it is ready, restarts, exit code, the reason it failed, its URLs and how many errors it printed. Call this first to learn the process names.",
      inputSchema: inputs.none,
      outputSchema: outputs.list,
      annotations: readOnly,
    },
    async () => result(await tools.listProcesses()),
  );
  for (const [tool, action, description] of [
    ['start_process', 'start', 'Start a process (and what it depends on, first). Returns once it is running and ready, or failed (with the reason), within 50 s.'],
    ['stop_process', 'stop', 'Stop a process (its whole process group: SIGTERM, then SIGKILL after its grace period). Returns once it is down.'],
    ['restart_process', 'restart', 'Restart a process, e.g. after changing its code or configuration. Returns once the new run is running and ready, or failed.'],
  ] as const) {
    server.registerTool(
      tool,
      { title: `${action[0]?.toUpperCase() ?? ''}${action.slice(1)} a process`, description, inputSchema: inputs.name, outputSchema: outputs.action, annotations: { destructiveHint: action !== 'start', openWorldHint: false } },
      async ({ name }) => result(await tools.act(action, name)),
    );
  }
  server.registerTool(
    'read_logs',
    {
      title: 'Read logs',
      description:
        'The newest lines of one process (or all, merged), colours removed, at most 1000 per call (100 by default; long lines are cut). Returns a cursor `next`: pass it as `after` to read only what came since. Never follows or blocks.',
      inputSchema: inputs.readLogs,
      outputSchema: outputs.logs,
      annotations: readOnly,
    },
    async (args) => result(await tools.readLogs(args)),
  );
  server.registerTool(
    'search_logs',
    {
      title: 'Search logs',
      description: 'Lines that contain a text (case-insensitive) or match a regular expression, in one process or all; the newest matches first, bounded.',
      inputSchema: inputs.searchLogs,
      outputSchema: outputs.search,
      annotations: readOnly,
    },
    async (args) => result(await tools.searchLogs(args)),
  );
  server.registerTool(
    'list_errors',
    {
      title: 'List errors',
      description: 'Errors brum detected in the output (compiler errors with file:line:col, exceptions with their stack), per process.',
      inputSchema: inputs.errors,
      outputSchema: outputs.errors,
      annotations: readOnly,
    },
    async (args) => result(await tools.listErrors(args)),
  );
  server.registerTool(
    'list_urls',
    { title: 'List URLs', description: 'URLs the processes printed (dev servers, APIs).', inputSchema: inputs.none, outputSchema: outputs.urls, annotations: readOnly },
    async () => result(await tools.listUrls()),
  );
  server.registerTool(
    'wait_for',
    {
      title: 'Wait for a process',
      description:
        'Wait until a process is running, ready (its readiness probe passed), exited, or until a line matching a regex appears in its log after this call began, up to timeout_ms (default 30 s, at most 55 s: call again to wait longer). Use this instead of sleeping. On timeout it answers reached: false with the current state.',
      inputSchema: inputs.waitFor,
      outputSchema: outputs.wait,
      annotations: readOnly,
    },
    async (args, extra) => {
      const token = extra._meta?.progressToken;
      const progress =
        token === undefined
          ? undefined
          : (waited: number, total: number): void =>
              void extra
                .sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: waited, total, message: `waiting for ${args.name}` } })
                .catch(() => undefined);
      return result(await tools.waitFor(args, extra.signal, progress));
    },
  );
  return server;
}
