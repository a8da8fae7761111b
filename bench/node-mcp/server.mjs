// A minimal stdio MCP server with one tool, for comparing cold starts (bench/mcp-cold-start.py).
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { z } from "zod";

const server = new McpServer({ name: "node-yardstick", version: "1.0.0" });
server.tool("echo", "Echoes its text.", { text: z.string() }, async ({ text }) => ({
  content: [{ type: "text", text }],
}));
await server.connect(new StdioServerTransport());
