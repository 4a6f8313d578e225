/**
 * SP-API calls: {baseUrl}{path}, authenticated with x-amz-access-token from LWA. A 403 (SP-API
 * answers an expired or revoked token with 403 Unauthorized, not 401) drops the cached token and the
 * call is tried once more with a new one. A 429 QuotaExceeded carries no Retry-After: the wait is one
 * token of the operation's rate, from x-amzn-RateLimit-Limit when sent, else from the usage plan.
 */
import { fetchJson, type JsonReply, type JsonRequest } from '../http.ts';
import { PlatformError, type ConnectionContext } from '../types.ts';
import { accessTokenFor, forgetAccessToken } from './lwa.ts';
import { spOperation, type SpOperationName } from './operations.ts';

export interface SpRequest extends JsonRequest {
  query?: URLSearchParams;
}

export function spUrl(ctx: ConnectionContext, path: string, query?: URLSearchParams): string {
  const base = ctx.baseUrl.replace(/\/+$/, '');
  return `${base}${path}${query && query.size > 0 ? `?${query.toString()}` : ''}`;
}

export async function spCall(ctx: ConnectionContext, operation: SpOperationName, path: string, request: SpRequest = {}): Promise<JsonReply> {
  const { query, ...rest } = request;
  const url = spUrl(ctx, path, query);
  for (let attempt = 1; ; attempt++) {
    const token = await accessTokenFor(ctx);
    const seen = { status: 0, rateLimit: null as string | null };
    // Sees the answer's headers even when fetchJson turns it into an error (the 429's rate header).
    const watched: ConnectionContext = {
      ...ctx,
      fetch: async (input, init) => {
        const response = await ctx.fetch(input, init);
        seen.status = response.status;
        seen.rateLimit = response.headers.get('x-amzn-ratelimit-limit');
        return response;
      },
    };
    try {
      return await fetchJson(watched, url, { ...rest, headers: { ...rest.headers, 'x-amz-access-token': token } });
    } catch (err) {
      if (!(err instanceof PlatformError)) throw err;
      if (err.kind === 'auth' && attempt === 1 && (seen.status === 401 || seen.status === 403)) {
        forgetAccessToken(ctx, token);
        continue;
      }
      if (err.kind === 'rate_limited' && seen.status === 429) {
        throw new PlatformError('rate_limited', err.message, waitForOneTokenMs(seen.rateLimit, operation), 'QuotaExceeded');
      }
      throw err;
    }
  }
}

/** One token's time at the rate the platform says applies (x-amzn-RateLimit-Limit), else the published one. */
export function waitForOneTokenMs(rateHeader: string | null, operation: SpOperationName): number {
  const announced = Number(rateHeader ?? '');
  const rate = rateHeader !== null && Number.isFinite(announced) && announced > 0 ? announced : spOperation(operation).refillPerSecond;
  return Math.ceil(1000 / rate);
}
