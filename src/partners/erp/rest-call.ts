/**
 * One call to a REST ERP: {baseUrl}/api/v1/{path}, `Authorization: Bearer <apiKey>`, JSON both
 * ways. Like connectors/http.ts fetchJson, but a refusal keeps the ERP's own error code
 * ({"error": {"code": "VALIDATION_FAILED", "message": …}}) as platformCode: that code, not the
 * HTTP status, tells a person looking at a parked export job what the ERP did not like.
 */
import { parseJsonPreservingBigInts, PlatformError, retryAfterMsOf } from '../../connectors/index.ts';
import type { PartnerContext } from '../types.ts';

export const ERP_TIMEOUT_MS = 10_000;

export interface ErpReply {
  status: number;
  body: Record<string, unknown>;
}

export interface ErpRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: URLSearchParams;
  json?: unknown;
  headers?: Record<string, string>;
}

export async function erpCall(ctx: PartnerContext, request: ErpRequest): Promise<ErpReply> {
  const apiKey = ctx.credentials.apiKey;
  if (!apiKey) throw new PlatformError('auth', "the ERP partner's credentials have no apiKey");
  const label = `${request.method} /api/v1/${request.path}`;
  const url = erpUrl(ctx.baseUrl, request.path, request.query);
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${apiKey}`, ...request.headers };
  if (request.json !== undefined) headers['content-type'] = 'application/json';
  const timeout = AbortSignal.timeout(ERP_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    const body = request.json === undefined ? undefined : JSON.stringify(request.json);
    response = await ctx.fetch(url, { method: request.method, headers, body, signal: timeout });
    text = await response.text();
  } catch (err) {
    const reason = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    throw new PlatformError('transient', `${label}: ${timeout.aborted ? 'timed out' : 'network error'} (${reason})`);
  }
  if (!response.ok) throw erpHttpError(label, response, text, ctx.now());
  return { status: response.status, body: bodyOf(label, text) };
}

function erpUrl(baseUrl: string, path: string, query?: URLSearchParams): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/api/v1/${path}${query && query.size > 0 ? `?${query}` : ''}`;
  if (!URL.canParse(url)) throw new PlatformError('permanent', `not a URL: ${url} (check the ERP partner's base URL)`);
  return url;
}

function bodyOf(label: string, text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : parseJsonPreservingBigInts(text);
  } catch {
    // A 2xx that is not JSON comes from something between us and the ERP (a proxy's page).
    throw new PlatformError('transient', `${label}: response is not JSON: ${text.slice(0, 200)}`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new PlatformError('permanent', `${label}: response is not a JSON object`);
  return body as Record<string, unknown>;
}

export function erpHttpError(label: string, response: Response, text: string, now: Date): PlatformError {
  const { status } = response;
  const { code, message } = errorOf(text);
  const what = `${label}: HTTP ${status}${code ? ` ${code}` : ''}: ${message}`;
  if (status === 429) return new PlatformError('rate_limited', what, retryAfterMsOf(response.headers.get('retry-after'), now), code ?? '429');
  if (status >= 500 || status === 408) return new PlatformError('transient', what, null, code ?? String(status));
  if (status === 401 || status === 403) return new PlatformError('auth', what, null, code ?? String(status));
  return new PlatformError('permanent', what, null, code ?? String(status));
}

/** {"error": {"code", "message"}}, {"error": "…"}, {"code", "message"} or whatever text came. */
function errorOf(text: string): { code: string | null; message: string } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { code: null, message: text.slice(0, 500) || '(empty body)' };
  }
  const record = (value: unknown) => (typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null);
  const outer = record(body);
  const inner = record(outer?.error) ?? outer;
  const code = typeof inner?.code === 'string' ? inner.code : null;
  const message = typeof inner?.message === 'string' ? inner.message : typeof outer?.error === 'string' ? outer.error : text;
  return { code, message: message.slice(0, 500) };
}
