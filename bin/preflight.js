#!/usr/bin/env node
// The `preflight` command: the bundled CLI, built by `npm run build` (npm ci runs it). `scan` has a small
// bundle of its own (no other rule), so the secret scan starts fast.
// Source maps before the bundle loads, so an internal error's stack names server/src/…/*.ts, not out/cli.js.
process.setSourceMapsEnabled(true);
require(process.argv[2] === 'scan' ? '../out/scan.js' : '../out/cli.js');
