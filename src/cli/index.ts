import { loadConfig } from '../config.ts';
import { OmnisyncError } from '../errors/index.ts';
import { UsageError, type CliIo, type Command } from './command.ts';
import { importCommand } from './commands/import.ts';
import { migrateCommand } from './commands/migrate.ts';
import { serveCommand } from './commands/serve.ts';
import { stockCommand } from './commands/stock.ts';
import { tokenCommand } from './commands/token.ts';
import { jobsCommand } from './commands/jobs.ts';
import { replayCommand } from './commands/replay.ts';
import { demoCommand } from './commands/demo.ts';
import { workerCommand } from './commands/worker.ts';
import { connectionsCommand } from './commands/connections.ts';
import { mappingCommand } from './commands/mapping.ts';
import { alertsCommand } from './commands/alerts.ts';
import { reconcileCommand } from './commands/reconcile.ts';

export const commands: Command[] = [serveCommand, migrateCommand, importCommand, stockCommand, tokenCommand, jobsCommand, connectionsCommand, mappingCommand, alertsCommand, replayCommand, reconcileCommand, demoCommand, workerCommand];

export function usage(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    'Usage: omnisync COMMAND [options]    (omnisync COMMAND --help for details)',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  progress: (line) => {
    if (process.stderr.isTTY) process.stderr.write(`\r${line}\x1b[K`);
  },
};

/** Runs one command; returns the exit code (0 ok, 1 failed, 2 usage). */
export async function runCli(argv: string[], io: CliIo = processIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(usage());
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, { config: loadConfig(env), io });
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\n\n${command.help}`);
      return 2;
    }
    if (err instanceof OmnisyncError) {
      io.err(`${err.code}: ${err.message}`);
      return 1;
    }
    throw err;
  }
}
