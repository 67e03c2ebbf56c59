#!/usr/bin/env node
// The `preflight` command: the bundled CLI, built by `npm run build` (npm ci runs it).
require('../out/cli.js');
