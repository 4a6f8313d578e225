/**
 * Calls to the TOP gateway: POST {baseUrl}/router/rest, form-encoded, signed (PLATFORMS.md §4).
 * Credentials: appKey, appSecret, session (the seller's authorisation), optional signMethod
 * (md5 | hmac | hmac-sha256; default hmac-sha256).
 */
import { credentialOf } from '../credentials.ts';
import { DEFAULT_RETRY_AFTER_MS, fetchJson } from '../http.ts';
import { countOf, isRecord, recordOf, textOf, type JsonRecord } from '../payload.ts';
import { PlatformError, type ConnectionContext } from '../types.ts';
import { signTopRequest, topSignMethods, type TopSignMethod } from './sign.ts';
import { formatTopTime } from './time.ts';

export type TopParams = Record<string, string | number | boolean | undefined>;

function signMethodOf(ctx: ConnectionContext): TopSignMethod {
  const configured = ctx.credentials.signMethod || 'hmac-sha256';
  const method = topSignMethods.find((m) => m === configured);
  if (!method) throw new PlatformError('permanent', `unknown TOP sign method "${configured}"`);
  return method;
}

/** The reply's root key: the method without "taobao.", dots → underscores, plus "_response". */
export function topResponseKey(method: string): string {
  return `${method.replace(/^taobao\./, '').replaceAll('.', '_')}_response`;
}

/** The common and business parameters, signed, as the form to post. */
export function topForm(ctx: ConnectionContext, method: string, params: TopParams): URLSearchParams {
  const signMethod = signMethodOf(ctx);
  const all: Record<string, string> = {
    method, app_key: credentialOf(ctx, 'appKey'), session: credentialOf(ctx, 'session'),
    timestamp: formatTopTime(ctx.now()), v: '2.0', sign_method: signMethod, format: 'json', simplify: 'false',
  };
  for (const [key, value] of Object.entries(params)) if (value !== undefined) all[key] = String(value);
  all.sign = signTopRequest(all, credentialOf(ctx, 'appSecret'), signMethod);
  return new URLSearchParams(all);
}

/** Calls one TOP method and returns the body under its response key; an error_response is thrown. */
export async function callTop(ctx: ConnectionContext, method: string, params: TopParams): Promise<JsonRecord> {
  const url = `${ctx.baseUrl.replace(/\/+$/, '')}/router/rest`;
  const reply = await fetchJson(ctx, url, { method: 'POST', form: topForm(ctx, method, params) });
  const body = recordOf(reply.body, `${method} response`);
  if (isRecord(body.error_response)) throw topErrorOf(method, body.error_response);
  return recordOf(body[topResponseKey(method)], `${method} response (${topResponseKey(method)})`);
}

/** total_results of a paged list; TOP leaves the field out when there is nothing. */
export function totalResultsOf(reply: JsonRecord): number {
  return reply.total_results === undefined ? 0 : countOf(reply.total_results, 'total_results');
}

/** "This ban will last for N more seconds" (code 7, accesscontrol.limited-by-*). */
const BAN_SECONDS = /ban will last for (\d+) more seconds?/i;

/**
 * TOP error codes (open.taobao.com error code list):
 * 7 app call limited → wait as the message says; 10 service unavailable and 15 remote service
 * error with an isp.* sub code (the platform's side) → retry; isv.* sub codes are the caller's
 * mistake → permanent; 11 insufficient ISV (app) permissions → permanent (the app must be granted
 * the API); 12 insufficient user permissions, 25 invalid signature, 26 missing and 27 invalid
 * session → auth (the seller must authorise again or the secret is wrong).
 */
export function topErrorOf(method: string, error: JsonRecord): PlatformError {
  const code = textOf(error.code) ?? '';
  const subCode = textOf(error.sub_code) ?? '';
  const message = `${method}: TOP error ${code} ${textOf(error.msg) ?? ''}${subCode ? ` (${subCode}: ${textOf(error.sub_msg) ?? ''})` : ''}`;
  if (code === '7') {
    const seconds = BAN_SECONDS.exec(textOf(error.sub_msg) ?? '')?.[1];
    return new PlatformError('rate_limited', message, seconds ? Number(seconds) * 1000 : DEFAULT_RETRY_AFTER_MS, code);
  }
  if (['12', '25', '26', '27'].includes(code)) return new PlatformError('auth', message, null, code);
  if (subCode.startsWith('isp.')) return new PlatformError('transient', message, null, code);
  if (subCode.startsWith('isv.')) return new PlatformError('permanent', message, null, code);
  if (code === '10' || code === '15') return new PlatformError('transient', message, null, code);
  return new PlatformError('permanent', message, null, code);
}
