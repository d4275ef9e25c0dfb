// The entry of dist/mcp.cjs: the MCP server and its SDK, loaded by the launcher only for `brum mcp`, so no other
// command pays for loading them.
export { runMcp } from './run-mcp';
