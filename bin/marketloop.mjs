#!/usr/bin/env node
// The `marketloop` command: makes sure the server bundle is current, then runs the CLI.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const root = path.resolve(import.meta.dirname, '..');
execFileSync(process.execPath, [path.join(root, 'scripts/ensure-build.mjs'), 'server'], {
  stdio: ['ignore', 'ignore', 'inherit'],
});
await import(pathToFileURL(path.join(root, 'dist/server/cli.js')).href);
