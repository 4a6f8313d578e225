/**
 * The TOP gateway at /router/rest (GET query or POST form): checks the common parameters in the
 * order the gateway does (method, app key, version, format, timestamp, signature, session), then the
 * per-app call limit and the injected faults, then runs the method and wraps its answer in
 * "<method without taobao., dots as underscores>_response" (PLATFORMS.md §4).
 */
import type { SimRequest, SimResponse } from '../common/http.ts';
import { jsonResponse } from '../common/http.ts';
import { parseWallClock } from '../common/time.ts';
import { topErrorResponse, topErrors, type TopError } from './errors.ts';
import { ITEM_METHODS } from './methods-items.ts';
import { TRADE_METHODS } from './methods-trades.ts';
import type { MethodHandler, Params } from './params.ts';
import { SIGN_METHODS, topSign, type SignMethod } from './sign.ts';
import type { TaobaoSettings } from './options.ts';
import type { TaobaoWorld } from './world.ts';

const METHODS: Record<string, MethodHandler<TaobaoWorld>> = { ...TRADE_METHODS, ...ITEM_METHODS };
const GMT8_MINUTES = 8 * 60;
const TIMESTAMP_TOLERANCE_MS = 10 * 60_000;

export async function answerGateway(world: TaobaoWorld, request: SimRequest): Promise<SimResponse> {
  world.stats.apiCalls++;
  const nowMs = Date.now();
  if (world.faults.inOutage(nowMs)) {
    world.stats.errors++;
    // What a client meets when the gateway is down: the load balancer's page, not TOP JSON.
    return { status: 503, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' };
  }
  if (request.path !== '/router/rest') return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not Found' };
  const params = readParams(request);
  const requestId = world.nextRequestId();
  const refused = checkCommonParams(world.settings, params, nowMs) ?? checkCallLimit(world, nowMs);
  if (refused) return topErrorResponse(refused, requestId);
  const fault = world.faults.drawApiFault();
  if (fault?.kind === 'throttle') {
    world.stats.throttled++;
    return topErrorResponse(topErrors.callLimited(1), requestId);
  }
  if (fault) {
    world.stats.errors++;
    return jsonResponse(fault.status, { error_response: { ...topErrors.serviceUnavailable(), request_id: requestId } });
  }
  const latencyMs = world.faults.drawLatencyMs();
  if (latencyMs > 0) await world.timers.sleep(latencyMs);
  const method = params.method!;
  const outcome = METHODS[method]!(world, params);
  if ('error' in outcome) return topErrorResponse(outcome.error, requestId);
  const rootKey = `${method.replace(/^taobao\./, '').replace(/\./g, '_')}_response`;
  return jsonResponse(200, { [rootKey]: { ...outcome.result, request_id: requestId } });
}

/** Query parameters, and for a POST the form body's too (both are signed). */
function readParams(request: SimRequest): Params {
  const params: Params = Object.fromEntries(request.query);
  const type = String(request.headers['content-type'] ?? '');
  if (request.method === 'POST' && type.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(request.rawBody)));
  }
  return params;
}

function checkCommonParams(settings: TaobaoSettings, params: Params, nowMs: number): TopError | null {
  if (!params.method) return topErrors.missingMethod();
  if (!params.app_key) return topErrors.missingAppKey();
  if (params.app_key !== settings.appKey) return topErrors.invalidAppKey();
  if (!METHODS[params.method]) return topErrors.invalidMethod(params.method);
  if (!params.v) return topErrors.missingVersion();
  if (params.v !== '2.0') return topErrors.unsupportedVersion();
  // format defaults to xml on TOP; the simulator only speaks JSON.
  if (params.format !== 'json') return topErrors.invalidFormat();
  if (!params.timestamp) return topErrors.missingTimestamp();
  const sentMs = parseWallClock(params.timestamp, GMT8_MINUTES);
  if (sentMs === null || Math.abs(sentMs - nowMs) > TIMESTAMP_TOLERANCE_MS) return topErrors.invalidTimestamp();
  return checkSignature(settings.appSecret, params) ?? checkSession(settings, params);
}

/** Code 24 or 25 when the request's sign is missing or wrong for its sign_method (md5 when absent). */
export function checkSignature(appSecret: string, params: Params): TopError | null {
  if (!params.sign) return topErrors.missingSignature();
  const method = (params.sign_method || 'md5') as SignMethod;
  if (!SIGN_METHODS.includes(method)) return topErrors.invalidSignature();
  return params.sign.toUpperCase() === topSign(params, appSecret, method) ? null : topErrors.invalidSignature();
}

function checkSession(settings: TaobaoSettings, params: Params): TopError | null {
  if (!params.session) return topErrors.missingSession();
  return params.session === settings.session ? null : topErrors.invalidSession();
}

function checkCallLimit(world: TaobaoWorld, nowMs: number): TopError | null {
  const banSeconds = world.callLimit.take(nowMs);
  if (banSeconds === null) return null;
  world.stats.throttled++;
  return topErrors.callLimited(banSeconds);
}
