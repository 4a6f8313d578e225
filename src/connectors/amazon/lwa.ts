/**
 * Login with Amazon: an access token from the seller's refresh token (PLATFORMS.md §3 "Auth"):
 * POST {lwaUrl} grant_type=refresh_token&refresh_token&client_id&client_secret (form) →
 * {access_token, expires_in: 3600}. SP-API calls carry it in x-amz-access-token.
 */
import { credentialOf } from '../credentials.ts';
import { fetchJson } from '../http.ts';
import { recordOf, requiredTextOf } from '../payload.ts';
import { PlatformError, type ConnectionContext } from '../types.ts';

export const DEFAULT_LWA_URL = 'https://api.amazon.com/auth/o2/token';
/** A token is replaced this long before it expires, so no call carries one that runs out on the way. */
const EXPIRY_MARGIN_MS = 60_000;

/**
 * Tokens live in this module, per (token endpoint, client, refresh token). Connectors are stateless
 * and their context is rebuilt for every job, so the module is the only place a token can outlive one
 * job; without it every job would first fetch a token, doubling the calls and the latency. A token is
 * only a bearer credential valid for an hour and is never written anywhere. Per process: other
 * processes fetch their own, which LWA allows.
 */
const tokens = new Map<string, { token: string; expiresAtMs: number }>();
const refreshing = new Map<string, Promise<{ token: string; expiresAtMs: number }>>();

function cacheKeyOf(ctx: Pick<ConnectionContext, 'credentials'>): string {
  return JSON.stringify([lwaUrlOf(ctx), credentialOf(ctx, 'clientId'), credentialOf(ctx, 'refreshToken')]);
}

function lwaUrlOf(ctx: Pick<ConnectionContext, 'credentials'>): string {
  return ctx.credentials.lwaUrl || DEFAULT_LWA_URL;
}

/** A valid access token: the cached one, or a new one (one request however many calls ask at once). */
export async function accessTokenFor(ctx: ConnectionContext): Promise<string> {
  const key = cacheKeyOf(ctx);
  const cached = tokens.get(key);
  if (cached && cached.expiresAtMs - EXPIRY_MARGIN_MS > ctx.now().getTime()) return cached.token;
  let pending = refreshing.get(key);
  if (!pending) {
    pending = requestToken(ctx).finally(() => refreshing.delete(key));
    refreshing.set(key, pending);
  }
  const fresh = await pending;
  tokens.set(key, fresh);
  return fresh.token;
}

/** SP-API refused this token (revoked, or expired early): the next call fetches a new one. */
export function forgetAccessToken(ctx: ConnectionContext, token: string): void {
  const key = cacheKeyOf(ctx);
  if (tokens.get(key)?.token === token) tokens.delete(key);
}

async function requestToken(ctx: ConnectionContext): Promise<{ token: string; expiresAtMs: number }> {
  const form = new URLSearchParams({
    grant_type: 'refresh_token',
    refresh_token: credentialOf(ctx, 'refreshToken'),
    client_id: credentialOf(ctx, 'clientId'),
    client_secret: credentialOf(ctx, 'clientSecret'),
  });
  const startedMs = ctx.now().getTime();
  let body: unknown;
  try {
    body = (await fetchJson(ctx, lwaUrlOf(ctx), { method: 'POST', form })).body;
  } catch (err) {
    // invalid_client (401) and invalid_grant (400): the connection's credentials are wrong or revoked.
    if (err instanceof PlatformError && (err.kind === 'auth' || err.kind === 'permanent')) {
      throw new PlatformError('auth', `Login with Amazon refused the credentials: ${err.message}`, null, err.platformCode);
    }
    throw err;
  }
  const reply = recordOf(body, 'LWA token response');
  const expiresInS = typeof reply.expires_in === 'number' && reply.expires_in > 0 ? reply.expires_in : 3600;
  return { token: requiredTextOf(reply.access_token, 'access_token'), expiresAtMs: startedMs + expiresInS * 1000 };
}
