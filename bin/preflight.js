#!/usr/bin/env node
// The `preflight` command: the bundled CLI, built by `npm run build` (npm ci runs it). `scan` and `lint` have
// small bundles of their own (`scan`: no other rule; `lint`: no language or MCP server), so they start fast.
// Source maps, before the bundle loads, for the servers only (`lsp`, `mcp`): their logs name a rule error's
// server/src/…/*.ts line. `lint` and `scan` print no stacks, and reading the 2 MB map cost every run ~40 ms.
if (['lsp', 'mcp'].includes(process.argv[2])) process.setSourceMapsEnabled(true);
const bundles = { scan: '../out/scan.js', lint: '../out/lint.js' };
require(Object.hasOwn(bundles, process.argv[2]) ? bundles[process.argv[2]] : '../out/cli.js');
