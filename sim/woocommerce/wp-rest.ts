/**
 * WordPress REST conventions the WooCommerce routes share: JSON as wp_json_encode writes it, errors
 * as {code, message, data: {status}}, argument validation errors (rest_invalid_param), bodies.
 */
import type { SimRequest, SimResponse } from '../common/http.ts';
import { parseJsonKeepingBigInts } from '../common/json.ts';
import { phpJson } from './resource-json.ts';

const WP_HEADERS = {
  'content-type': 'application/json; charset=UTF-8',
  'x-content-type-options': 'nosniff',
  'access-control-expose-headers': 'X-WP-Total, X-WP-TotalPages, Link',
  'x-robots-tag': 'noindex',
};

export function wpJson(status: number, value: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...WP_HEADERS, ...headers }, body: phpJson(value) };
}

export function wpError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): SimResponse {
  return wpJson(status, { code, message, data: { status, ...extra } });
}

/** rest_invalid_param: one or more query or body arguments failed their schema. */
export function invalidParams(problems: Record<string, string>): SimResponse {
  const names = Object.keys(problems);
  const details = Object.fromEntries(names.map((n) => [n, { code: 'rest_invalid_param', message: problems[n], data: null }]));
  return wpError(400, 'rest_invalid_param', `Invalid parameter(s): ${names.join(', ')}`, { params: problems, details });
}

export function missingParams(names: string[]): SimResponse {
  return wpError(400, 'rest_missing_callback_param', `Missing parameter(s): ${names.join(', ')}`, { params: names });
}

/** The request body as an object: JSON, or a form (WordPress takes both). */
export function readBody(request: SimRequest): { body: Record<string, unknown> } | { refused: SimResponse } {
  const text = request.rawBody.trim();
  if (text === '') return { body: {} };
  if (String(request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) return { body: Object.fromEntries(new URLSearchParams(text)) };
  try {
    const body = parseJsonKeepingBigInts(text);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { body: body as Record<string, unknown> };
  } catch {
    return { refused: wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.', { json_error_code: 4, json_error_message: 'Syntax error' }) };
  }
  return { refused: wpError(400, 'rest_invalid_json', 'Invalid JSON body passed.', { json_error_code: 4, json_error_message: 'Syntax error' }) };
}

/** An id as PHP's absint() reads it (numbers or digit strings); null when it is not one. */
export function idParam(value: unknown): number | null {
  const n = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}

/** A boolean argument as WordPress reads it: true/false, 1/0, "true"/"false". */
export function boolParam(value: unknown): boolean | null {
  if (value === true || value === 1 || value === 'true' || value === '1') return true;
  if (value === false || value === 0 || value === 'false' || value === '0') return false;
  return null;
}
