import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Config } from '../config.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Progress output (a bar on a terminal, nothing otherwise). */
  progress(line: string): void;
}

export interface CliContext {
  config: Config;
  io: CliIo;
}

export interface Command {
  name: string;
  summary: string;
  /** Full help text: usage line, options and an example. */
  help: string;
  run(argv: string[], ctx: CliContext): Promise<number>;
}

export class UsageError extends Error {}

/** parseArgs with `--help` everywhere; unknown options are usage errors naming the option. */
export function parseCommandArgs<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}
