#!/usr/bin/env node
// The composition root: the `omnisync` command. Each command wires the modules it needs (see src/hub.ts).
import { runCli } from './cli/index.ts';

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`omnisync: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);
