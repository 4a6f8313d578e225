/**
 * JSON over the injected fetch, with a timeout and the platform's HTTP failures turned into
 * PlatformError kinds the worker acts on: rate_limited (wait as told), transient (back off and
 * retry), auth and permanent (park the job).
 */
import { parseJsonPreservingBigInts, stringifyJsonWithBigInts } from './json.ts';
import { isRecord } from './payload.ts';
import { PlatformError, type ConnectionContext } from './types.ts';

export const DEFAULT_TIMEOUT_MS = 10_000;
/** Wait after a 429 without a usable Retry-After: what Shopify's own clients wait (admin-api-client). */
export const DEFAULT_RETRY_AFTER_MS = 1_000;

export interface JsonRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as application/json; bigint values are written as bare integers. */
  json?: unknown;
  /** Sent as application/x-www-form-urlencoded. */
  form?: URLSearchParams;
  timeoutMs?: number;
}

export interface JsonReply {
  status: number;
  headers: Headers;
  /** Parsed big-int safe: integers beyond 2^53 are strings. */
  body: unknown;
}

type CallContext = Pick<ConnectionContext, 'fetch' | 'now' | 'signal'>;

export async function fetchJson(ctx: CallContext, url: string, request: JsonRequest = {}): Promise<JsonReply> {
  const method = request.method ?? 'GET';
  const label = `${method} ${pathOf(url)}`;
  const timeout = AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = ctx.signal ? AbortSignal.any([ctx.signal, timeout]) : timeout;
  let response: Response;
  let text: string;
  try {
    response = await ctx.fetch(url, { method, headers: headersOf(request), body: bodyOf(request), signal });
    text = await response.text();
  } catch (err) {
    if (err instanceof PlatformError) throw err; // e.g. the shared rate limiter refusing to wait
    if (ctx.signal?.aborted) throw ctx.signal.reason; // the caller gave up: not the platform's fault
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new PlatformError('transient', `${label}: ${timeout.aborted ? 'timed out' : 'network error'} (${reason})`);
  }
  if (!response.ok) throw httpErrorOf(label, response.status, response.headers, text, ctx.now());
  return { status: response.status, headers: response.headers, body: parseBody(label, text) };
}

/** The path names the call in messages (never the query or body, which may carry credentials). */
function pathOf(url: string): string {
  if (!URL.canParse(url)) throw new PlatformError('permanent', `not a URL: ${url} (check the connection's base URL)`);
  return new URL(url).pathname;
}

function headersOf(request: JsonRequest): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  else if (request.form) headers['content-type'] = 'application/x-www-form-urlencoded;charset=utf-8';
  return { ...headers, ...request.headers };
}

function bodyOf(request: JsonRequest): string | undefined {
  if (request.json !== undefined) return stringifyJsonWithBigInts(request.json);
  return request.form?.toString();
}

function parseBody(label: string, text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return parseJsonPreservingBigInts(text);
  } catch {
    // A 2xx that is not JSON comes from something between us and the platform (a proxy page).
    throw new PlatformError('transient', `${label}: response is not JSON: ${text.slice(0, 200)}`);
  }
}

export function httpErrorOf(label: string, status: number, headers: Headers, text: string, now: Date): PlatformError {
  const message = `${label}: HTTP ${status}: ${errorTextOf(text)}`;
  const code = String(status);
  if (status === 429) return new PlatformError('rate_limited', message, retryAfterMsOf(headers.get('retry-after'), now), code);
  if (status >= 500) return new PlatformError('transient', message, null, code);
  if (status === 401 || status === 403) return new PlatformError('auth', message, null, code);
  return new PlatformError('permanent', message, null, code);
}

/**
 * Retry-After in seconds, possibly fractional (Shopify sends "2.0"), or an HTTP date. Shopify's
 * REST library reads it with parseFloat; some of its clients use parseInt without ×1000 (a 2 ms
 * wait), which is the mistake not to copy.
 */
export function retryAfterMsOf(header: string | null, now: Date): number {
  if (header === null || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const seconds = Number(header.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_MS : Math.max(0, at - now.getTime());
}

/** The platform's own words: Shopify {"errors": "…" | {field: [..]}}, others {"error": …} or {"message": …}. */
function errorTextOf(text: string): string {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return text.slice(0, 500) || '(empty body)';
  }
  const detail = isRecord(body) ? body.errors ?? body.error ?? body.message ?? body : body;
  return (typeof detail === 'string' ? detail : JSON.stringify(detail)).slice(0, 500);
}

export interface ReadRetryOptions {
  attempts?: number;
  /** First pause; doubled each time. */
  pauseMs?: number;
  /** A platform wait longer than this is not slept through here: the job goes back to the queue. */
  maxWaitMs?: number;
}

/**
 * Retries a read in place on a transient failure or a short rate-limit wait. Only for calls that
 * change nothing on the platform: one 5xx among the hundred calls of a pull should not throw the
 * whole window away.
 */
export async function retryingRead<T>(read: () => Promise<T>, options: ReadRetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 3;
  let pauseMs = options.pauseMs ?? 250;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!(err instanceof PlatformError) || attempt >= attempts) throw err;
      const waitMs = err.kind === 'transient' ? pauseMs : err.kind === 'rate_limited' ? err.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS : null;
      if (waitMs === null || waitMs > (options.maxWaitMs ?? 3_000)) throw err;
      await new Promise((resolve) => setTimeout(resolve, waitMs));
      pauseMs *= 2;
    }
  }
}
