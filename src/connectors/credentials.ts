import { PlatformError, type ConnectionContext } from './types.ts';

/** A credential the call cannot be made without; its absence is the connection's set-up, not the platform. */
export function credentialOf(ctx: Pick<ConnectionContext, 'credentials'>, name: string): string {
  const value = ctx.credentials[name];
  if (!value) throw new PlatformError('auth', `the connection's credentials have no ${name}`);
  return value;
}
