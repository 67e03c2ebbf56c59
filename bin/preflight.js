#!/usr/bin/env node
// The `preflight` command: the bundled CLI, built by `npm run build` (npm ci runs it). `scan` has a small
// bundle of its own (no rules, no parsers), so the secret scan and the pre-commit hook start fast.
require(process.argv[2] === 'scan' ? '../out/scan.js' : '../out/cli.js');
