/**
 * What stands in front of every REST call, in WordPress's order: the site must be up; credentials, if
 * any, must be right (checked before routing); the route must exist; an anonymous caller is refused
 * by the route's permission check; then the injected faults and latency.
 */
import type { Router, SimRequest, SimResponse } from '../common/http.ts';
import { authenticate } from './auth.ts';
import { wpError } from './wp-rest.ts';
import type { WooWorld } from './world.ts';

const REST_PREFIX = '/wp-json/';
/** Routes anyone may call (the Shipment Tracking provider list). */
const PUBLIC_ROUTE = /\/shipment-trackings\/providers$/;

/** WordPress in maintenance mode (or a host in trouble): an HTML page, not JSON. */
const MAINTENANCE_PAGE = '<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>Briefly unavailable for scheduled maintenance. Check back in a minute.</h1></body></html>';

/** The permission error of a route for a caller without credentials (rest_authorization_required_code: 401). */
function permissionRefusal(method: string, path: string): SimResponse {
  const [code, message] = method === 'GET'
    ? ['woocommerce_rest_cannot_view', /\/\d+$/.test(path) ? 'Sorry, you cannot view this resource.' : 'Sorry, you cannot list resources.']
    : path.endsWith('/batch') ? ['woocommerce_rest_cannot_batch', 'Sorry, you are not allowed to batch manipulate this resource.']
      : /\/\d+$/.test(path) ? ['woocommerce_rest_cannot_edit', 'Sorry, you are not allowed to edit this resource.']
        : ['woocommerce_rest_cannot_create', 'Sorry, you are not allowed to create resources.'];
  return wpError(401, code, message);
}

export async function answerApiCall(world: WooWorld, router: Router, request: SimRequest): Promise<SimResponse> {
  const { stats, faults } = world;
  stats.apiCalls++;
  const nowMs = Date.now();
  if (faults.inOutage(nowMs)) {
    stats.errors++;
    return { status: 503, headers: { 'content-type': 'text/html; charset=UTF-8', 'retry-after': '600' }, body: MAINTENANCE_PAGE };
  }
  const auth = authenticate(request, world.settings.credentials, world.nonces, nowMs);
  if (auth.kind === 'refused') {
    stats.unauthorised++;
    return wpError(401, 'woocommerce_rest_authentication_error', auth.message);
  }
  const route = request.path.startsWith(REST_PREFIX) ? router.match(request.method, request.path) : null;
  if (!route) return wpError(404, 'rest_no_route', 'No route was found matching the URL and request method.');
  if (auth.kind === 'anonymous' && !PUBLIC_ROUTE.test(request.path)) {
    stats.unauthorised++;
    return permissionRefusal(request.method, request.path);
  }
  const fault = faults.drawApiFault();
  if (fault?.kind === 'throttle') {
    stats.throttled++;
    // Core REST has no limit; this is what a host or a limiter plugin answers (the shape of the Store API's limiter).
    const refused = wpError(429, 'rate_limit_exceeded', 'Too many requests. Please wait 2 seconds before trying again.');
    return { ...refused, headers: { ...refused.headers, 'retry-after': '2' } };
  }
  if (fault) {
    stats.errors++;
    return fault.status === 500
      ? wpError(500, 'internal_server_error', '<p>There has been a critical error on this website.</p>')
      : { status: fault.status, headers: { 'content-type': 'text/html' }, body: `<html><body><h1>${fault.status}</h1></body></html>` };
  }
  const latencyMs = faults.drawLatencyMs();
  if (latencyMs > 0) await world.timers.sleep(latencyMs);
  return route.handler({ ...request, params: route.params });
}
