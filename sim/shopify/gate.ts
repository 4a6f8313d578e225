/**
 * What stands in front of every Admin API call, in Shopify's order: the platform must be up, the
 * access token must be right, the leaky bucket must have room; then the injected faults and latency.
 */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { parseJsonKeepingBigInts } from '../common/json.ts';
import type { ShopifyWorld } from './world.ts';

const INVALID_TOKEN = '[API] Invalid API key or access token (unrecognized login or wrong password)';
const THROTTLED = 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.';
const API_PATH = /^\/admin\/api\/(\d{4}-\d{2}|unstable)\//;

export async function answerApiCall(world: ShopifyWorld, router: Router, request: SimRequest): Promise<SimResponse> {
  const { stats, faults } = world;
  stats.apiCalls++;
  const nowMs = Date.now();
  if (faults.inOutage(nowMs)) {
    stats.errors++;
    return jsonResponse(503, { errors: 'Unavailable Shop' });
  }
  if (request.headers['x-shopify-access-token'] !== world.settings.accessToken) return jsonResponse(401, { errors: INVALID_TOKEN });
  const slot = world.bucket.take(nowMs);
  const callLimit = { 'x-shopify-shop-api-call-limit': `${slot.used}/${world.bucket.size}` };
  const fault = slot.ok ? faults.drawApiFault() : { kind: 'throttle' as const };
  if (fault?.kind === 'throttle') {
    stats.throttled++;
    // Retry-After is seconds as a float string (PLATFORMS.md §1: the SDK parseFloat()s it).
    return jsonResponse(429, { errors: THROTTLED }, { ...callLimit, 'retry-after': '2.0' });
  }
  if (fault) {
    stats.errors++;
    return jsonResponse(fault.status, { errors: 'Internal Server Error' }, callLimit);
  }
  const latencyMs = faults.drawLatencyMs();
  if (latencyMs > 0) await world.timers.sleep(latencyMs);
  const route = API_PATH.test(request.path) ? router.match(request.method, request.path) : null;
  const response = route ? await route.handler({ ...request, params: route.params }) : jsonResponse(404, { errors: 'Not Found' });
  return { ...response, headers: { ...response.headers, ...callLimit } };
}

/** The URL of this request without its query, as the client reached it: the base of Link headers. */
export function requestUrl(request: SimRequest): string {
  return `http://${request.headers.host ?? '127.0.0.1'}${request.path}`;
}

/** The JSON body with 64-bit ids kept exact, or a 400 answer. */
export function readJsonBody(request: SimRequest): { body: Record<string, unknown> } | { refused: SimResponse } {
  try {
    const body = parseJsonKeepingBigInts(request.rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { refused: jsonResponse(400, { errors: 'Bad Request: the body must be a JSON object' }) };
}

/** Applies the fields= parameter: only the named top-level properties. */
export function pickFields(json: Record<string, unknown>, fields: string | null): Record<string, unknown> {
  if (!fields) return json;
  const wanted = new Set(fields.split(',').map((f) => f.trim()));
  return Object.fromEntries(Object.entries(json).filter(([key]) => wanted.has(key)));
}

export function missingParameter(name: string): SimResponse {
  return jsonResponse(400, { errors: { [name]: 'Required parameter missing or invalid' } });
}
