#!/usr/bin/env node
// The `preflight` command: the bundled CLI, built by `npm run build` (npm ci runs it). `scan` has a small
// bundle of its own (no other rule), so the secret scan starts fast.
// Source maps, before the bundle loads, for the servers only (`lsp`, `mcp`): their logs name a rule error's
// server/src/…/*.ts line. `lint` and `scan` print no stacks, and reading the 2 MB map cost every run ~40 ms.
if (['lsp', 'mcp'].includes(process.argv[2])) process.setSourceMapsEnabled(true);
require(process.argv[2] === 'scan' ? '../out/scan.js' : '../out/cli.js');
