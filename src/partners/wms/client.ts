/**
 * JSON calls to a WMS REST API: {baseUrl}/api/v1/…, `Authorization: Bearer <apiKey>`. Errors come
 * as {code, message}; the code is kept on the PlatformError (platformCode) because callers act on
 * it (a cancel answered 409 ALREADY_SHIPPED is an outcome, not a failure). fetchJson in
 * src/connectors/http.ts keeps only the status, hence this small client beside it.
 */
import { credentialOf } from '../../connectors/credentials.ts';
import { DEFAULT_TIMEOUT_MS, retryAfterMsOf } from '../../connectors/http.ts';
import { parseJsonPreservingBigInts } from '../../connectors/json.ts';
import { isRecord } from '../../connectors/payload.ts';
import { PlatformError } from '../../connectors/types.ts';
import type { PartnerContext } from '../types.ts';

export interface WmsRequest {
  method?: 'GET' | 'POST';
  query?: Record<string, string>;
  json?: unknown;
  /** Error statuses the caller reads as an answer (e.g. 409 for a cancel) instead of a thrown error. */
  answers?: number[];
}

export interface WmsReply {
  status: number;
  body: unknown;
  /** The error code of a non-2xx answer the caller accepted through `answers`. */
  code: string | null;
}

export async function wmsCall(ctx: PartnerContext, path: string, request: WmsRequest = {}): Promise<WmsReply> {
  const method = request.method ?? 'GET';
  const label = `${method} ${path}`;
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${credentialOf(ctx, 'apiKey')}` };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(DEFAULT_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(urlOf(ctx, path, request.query), { method, headers, body: request.json === undefined ? undefined : JSON.stringify(request.json), signal: timeout });
    text = await response.text();
  } catch (err) {
    if (err instanceof PlatformError) throw err;
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new PlatformError('transient', `${label}: ${timeout.aborted ? 'timed out' : 'network error'} (${reason})`);
  }
  if (response.ok) return { status: response.status, body: parseBody(label, text), code: null };
  const { code, message } = errorOf(text);
  if (request.answers?.includes(response.status)) return { status: response.status, body: null, code };
  throw errorFor(label, response.status, response.headers.get('retry-after'), code, message, ctx.now());
}

function urlOf(ctx: PartnerContext, path: string, query: Record<string, string> | undefined): string {
  const base = ctx.baseUrl.replace(/\/+$/, '');
  if (!URL.canParse(base)) throw new PlatformError('permanent', `not a URL: ${ctx.baseUrl} (check the partner's base URL)`);
  const search = query ? `?${new URLSearchParams(query).toString()}` : '';
  return `${base}/api/v1${path}${search}`;
}

function parseBody(label: string, text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return parseJsonPreservingBigInts(text);
  } catch {
    // A 2xx that is not JSON comes from something between us and the WMS (a proxy page).
    throw new PlatformError('transient', `${label}: response is not JSON: ${text.slice(0, 200)}`);
  }
}

function errorOf(text: string): { code: string | null; message: string } {
  try {
    const body: unknown = JSON.parse(text);
    if (isRecord(body)) {
      const code = typeof body.code === 'string' ? body.code : null;
      return { code, message: typeof body.message === 'string' ? body.message : JSON.stringify(body).slice(0, 500) };
    }
  } catch {
    // not JSON: a proxy's page
  }
  return { code: null, message: text.slice(0, 500) || '(empty body)' };
}

function errorFor(label: string, status: number, retryAfter: string | null, code: string | null, message: string, now: Date): PlatformError {
  const text = `${label}: HTTP ${status}${code ? ` ${code}` : ''}: ${message}`;
  const platformCode = code ?? String(status);
  if (status === 429) return new PlatformError('rate_limited', text, retryAfterMsOf(retryAfter, now), platformCode);
  if (status >= 500) return new PlatformError('transient', text, null, platformCode);
  if (status === 401 || status === 403) return new PlatformError('auth', text, null, platformCode);
  // 408 (request timeout) is the network's problem, not the request's.
  if (status === 408) return new PlatformError('transient', text, null, platformCode);
  return new PlatformError('permanent', text, null, platformCode);
}
