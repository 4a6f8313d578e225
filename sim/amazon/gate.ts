/**
 * What stands in front of every SP-API call: the platform must be up, the access token good, the
 * operation's usage plan must have a token; then the injected faults and latency. Every answer
 * carries x-amzn-RequestId, and x-amzn-RateLimit-Limit with the operation's rate.
 */
import { jsonResponse, type Handler, type Router, type SimRequest, type SimResponse } from '../common/http.ts';
import { parseJsonKeepingBigInts } from '../common/json.ts';
import { notFound, quotaExceeded, spError, unauthorized } from './errors.ts';
import { tokenProblem } from './lwa.ts';
import type { SpOperation } from './usage-plans.ts';
import type { AmazonWorld } from './world.ts';

/** Which operation each route handler serves (for its usage plan). */
const operations = new WeakMap<Handler, SpOperation>();

export function addOperation(router: Router, operation: SpOperation, method: string, pattern: string, handler: Handler): void {
  operations.set(handler, operation);
  router.add(method, pattern, handler);
}

export async function answerSpCall(world: AmazonWorld, router: Router, request: SimRequest): Promise<SimResponse> {
  const { stats, faults } = world;
  stats.apiCalls++;
  const requestId = { 'x-amzn-requestid': world.requestIds.uuid() };
  const nowMs = Date.now();
  const route = router.match(request.method, request.path);
  const operation = route ? operations.get(route.handler) : undefined;
  if (!route || !operation) return withHeaders(notFound('Resource not found.'), requestId);
  stats.callsByOperation[operation] = (stats.callsByOperation[operation] ?? 0) + 1;
  const headers = { ...requestId, 'x-amzn-ratelimit-limit': String(world.settings.usagePlans[operation].rate) };
  if (faults.inOutage(nowMs)) {
    stats.errors++;
    return withHeaders(spError(503, 'ServiceUnavailable', 'Service temporarily unavailable. Please try again.'), requestId);
  }
  const problem = tokenProblem(world, request.headers['x-amz-access-token'], nowMs);
  if (problem) {
    stats.unauthorized++;
    return withHeaders(unauthorized(problem), requestId);
  }
  const fault = world.takeToken(operation, nowMs) ? faults.drawApiFault() : { kind: 'throttle' as const };
  if (fault?.kind === 'throttle') {
    stats.throttled++;
    return withHeaders(quotaExceeded(), headers);
  }
  if (fault) {
    stats.errors++;
    return withHeaders(spError(fault.status, 'InternalFailure', 'We encountered an internal error. Please try again.'), requestId);
  }
  const latencyMs = faults.drawLatencyMs();
  if (latencyMs > 0) await world.timers.sleep(latencyMs);
  return withHeaders(await route.handler({ ...request, params: route.params }), headers);
}

function withHeaders(response: SimResponse, headers: Record<string, string>): SimResponse {
  return { ...response, headers: { ...response.headers, ...headers } };
}

/** The JSON body as an object, or the 400 that refuses it. */
export function readJsonBody(request: SimRequest): { body: Record<string, unknown> } | { refused: SimResponse } {
  try {
    const body = parseJsonKeepingBigInts(request.rawBody);
    if (typeof body === 'object' && body !== null && !Array.isArray(body)) return { body: body as Record<string, unknown> };
  } catch {
    // answered below
  }
  return { refused: spError(400, 'InvalidInput', 'The request body must be a JSON object.') };
}

/** A 204 with no body (confirmShipment). */
export const noContent = (): SimResponse => ({ status: 204, headers: {}, body: '' });

export { jsonResponse };
