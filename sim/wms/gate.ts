/**
 * What stands in front of every /api/v1 call: the service must be up, the bearer key must be right;
 * then the injected faults and latency. Errors are {code, message} with a status that says what
 * kind of failure it is (401 key, 429 slow down with Retry-After, 5xx try again, 400/404/409/422 no).
 */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import type { WmsWorld } from './world.ts';

export async function answerApiCall(world: WmsWorld, router: Router, request: SimRequest): Promise<SimResponse> {
  const { stats, faults } = world;
  stats.apiCalls++;
  if (faults.inOutage(Date.now())) {
    stats.errors++;
    return wmsError(503, 'UNAVAILABLE', 'The warehouse system is down for maintenance');
  }
  if (request.headers.authorization !== `Bearer ${world.settings.apiKey}`) return wmsError(401, 'UNAUTHORIZED', 'Missing or invalid API key');
  const fault = faults.drawApiFault();
  if (fault?.kind === 'throttle') {
    stats.throttled++;
    return wmsError(429, 'RATE_LIMITED', 'Too many requests', { 'retry-after': '1' });
  }
  if (fault) {
    stats.errors++;
    return wmsError(fault.status, 'INTERNAL', 'Internal error');
  }
  const latencyMs = faults.drawLatencyMs();
  if (latencyMs > 0) await world.timers.sleep(latencyMs);
  const route = router.match(request.method, request.path);
  return route ? route.handler({ ...request, params: route.params }) : wmsError(404, 'NOT_FOUND', `No route ${request.method} ${request.path}`);
}

export function wmsError(status: number, code: string, message: string, headers: Record<string, string> = {}): SimResponse {
  return jsonResponse(status, { code, message }, headers);
}

/** The JSON object body, or a 400 answer. */
export function readJsonObject(request: SimRequest): { body: Record<string, unknown> } | { refused: SimResponse } {
  try {
    const body: unknown = JSON.parse(request.rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { refused: wmsError(400, 'INVALID_REQUEST', 'The body must be a JSON object') };
}
