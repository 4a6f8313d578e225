/**
 * What stands in front of every ERP API call: the ERP must be up, the bearer key must be right;
 * then the injected faults (429 with Retry-After, or a 5xx) and latency.
 */
import type { Router, SimRequest, SimResponse } from '../common/http.ts';
import { erpError } from './validate.ts';
import type { ErpWorld } from './world.ts';

/** Seconds, as the ERP tells a throttled client to wait. */
const RETRY_AFTER_SECONDS = '1';

export async function answerApiCall(world: ErpWorld, router: Router, request: SimRequest): Promise<SimResponse> {
  const { stats, faults } = world;
  stats.apiCalls++;
  if (faults.inOutage(Date.now())) {
    stats.errors++;
    return erpError(503, 'UNAVAILABLE', 'the ERP is down for maintenance');
  }
  if (request.headers.authorization !== `Bearer ${world.settings.apiKey}`) {
    stats.refused++;
    return erpError(401, 'UNAUTHORIZED', 'missing or invalid API key', { 'www-authenticate': 'Bearer' });
  }
  const fault = faults.drawApiFault();
  if (fault?.kind === 'throttle') {
    stats.throttled++;
    return erpError(429, 'RATE_LIMITED', 'too many requests', { 'retry-after': RETRY_AFTER_SECONDS });
  }
  if (fault) {
    stats.errors++;
    return erpError(fault.status, 'INTERNAL', 'internal error');
  }
  const latencyMs = faults.drawLatencyMs();
  if (latencyMs > 0) await world.timers.sleep(latencyMs);
  const route = router.match(request.method, request.path);
  const response = route ? await route.handler({ ...request, params: route.params }) : erpError(404, 'NOT_FOUND', `no route ${request.method} ${request.path}`);
  if (response.status >= 400) stats.refused++;
  return response;
}
