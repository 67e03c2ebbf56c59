#!/usr/bin/env node
// The `preflight` command: the bundled CLI, built by `npm run build` (npm ci runs it).
// Source maps before the bundle loads, so an internal error's stack names server/src/…/*.ts, not out/cli.js.
process.setSourceMapsEnabled(true);
require('../out/cli.js');
