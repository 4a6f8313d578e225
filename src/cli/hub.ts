import pino from 'pino';
import { openHub, type Hub } from '../hub.ts';
import type { CliContext } from './command.ts';

/** Opens the store for one CLI command (migrating it if needed) and always closes it. */
export async function withHub<T>(ctx: CliContext, fn: (hub: Hub) => Promise<T>): Promise<T> {
  const hub = await openHub(ctx.config, { log: pino({ level: ctx.config.logLevel === 'info' ? 'warn' : ctx.config.logLevel }, pino.destination(2)) });
  try {
    return await fn(hub);
  } finally {
    await hub.close();
  }
}
