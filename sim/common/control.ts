/** The control API every simulator serves under /_sim/ (no auth): for tests, the demo and the benchmarks. */
import { jsonResponse, type Router, type SimRequest, type SimResponse } from './http.ts';
import { parseGenerateRequest, type GenerateRequest } from './generation.ts';
import type { TimerSet } from './timers.ts';

export interface SimControl {
  generate(request: GenerateRequest): void;
  /** Applies a faults body; returns an error message when it is not valid. */
  setFaults(body: unknown): string | null;
  /** Sets where webhooks go (null stops them); only for platforms that push webhooks. */
  setWebhookAddress?(address: string | null): void;
  /** Scales one SKU's demand (0.2: cut by 80 %); an error message when the SKU or factor is not valid. */
  setDemandFactor?(sku: string, factor: number): string | null;
  state(): unknown;
  /**
   * Sets the quantity a listing shows, as a merchant editing it in the shop's admin would: the hub is
   * not told. False when no listing has this seller SKU. Channel simulators only.
   */
  setListed?(sku: string, qty: number): boolean;
  /** No generation under way, no later order change scheduled, no webhook waiting. */
  isIdle(): boolean;
  reset(): void;
}

const MAX_IDLE_WAIT_MS = 60_000;

/**
 * POST /_sim/generate {count, perSecond}, POST /_sim/faults {...}, POST /_sim/webhooks {address},
 * POST /_sim/demand {sku, factor} (scales one SKU's demand), GET /_sim/state, POST /_sim/reset,
 * POST /_sim/idle {timeoutMs} (waits until idle, answers {idle}),
 * POST /_sim/listed {sku, qty} (a listing changed behind the hub's back).
 * current() is read per request because a reset replaces the simulator's whole state.
 */
export function addControlRoutes(router: Router, current: () => SimControl, waitTimers: TimerSet): void {
  router
    .add('POST', '/_sim/generate', (req) => withBody(req, (body) => {
      const request = parseGenerateRequest(body);
      if (typeof request === 'string') return badRequest(request);
      current().generate(request);
      return jsonResponse(202, { generating: request });
    }))
    .add('POST', '/_sim/faults', (req) => withBody(req, (body) => {
      const problem = current().setFaults(body);
      return problem ? badRequest(problem) : jsonResponse(200, { ok: true });
    }))
    .add('POST', '/_sim/webhooks', (req) => withBody(req, (body) => setWebhookAddress(current(), body)))
    .add('POST', '/_sim/demand', (req) => withBody(req, (body) => setDemandFactor(current(), body)))
    .add('GET', '/_sim/state', () => jsonResponse(200, current().state()))
    .add('POST', '/_sim/reset', () => {
      current().reset();
      return jsonResponse(200, { ok: true });
    })
    .add('POST', '/_sim/idle', (req) => withBody(req, (body) => waitForIdle(current, waitTimers, body)))
    .add('POST', '/_sim/listed', (req) => withBody(req, (body) => setListed(current(), body)));
}

function setWebhookAddress(control: SimControl, body: unknown): SimResponse {
  if (!control.setWebhookAddress) return jsonResponse(404, { error: 'this platform sends no webhooks' });
  const address = (body as { address?: unknown } | null)?.address ?? null;
  if (address !== null && (typeof address !== 'string' || !/^https?:\/\//.test(address))) return badRequest('address must be an http(s) URL or null');
  control.setWebhookAddress(address);
  return jsonResponse(200, { address });
}

function setDemandFactor(control: SimControl, body: unknown): SimResponse {
  if (!control.setDemandFactor) return jsonResponse(404, { error: 'this simulator generates no orders' });
  const { sku, factor } = (body ?? {}) as { sku?: unknown; factor?: unknown };
  if (typeof sku !== 'string' || typeof factor !== 'number') return badRequest('body must be {"sku": string, "factor": number}');
  const problem = control.setDemandFactor(sku, factor);
  return problem ? badRequest(problem) : jsonResponse(200, { sku, factor });
}

function setListed(control: SimControl, body: unknown): SimResponse {
  if (!control.setListed) return jsonResponse(404, { error: 'this simulator has no listings' });
  const { sku, qty } = (body ?? {}) as { sku?: unknown; qty?: unknown };
  if (typeof sku !== 'string' || typeof qty !== 'number' || !Number.isInteger(qty) || qty < 0) return badRequest('body must be {"sku": string, "qty": whole number >= 0}');
  return control.setListed(sku, qty) ? jsonResponse(200, { sku, qty }) : jsonResponse(404, { error: `no listing has seller SKU ${sku}` });
}

async function waitForIdle(current: () => SimControl, timers: TimerSet, body: unknown): Promise<SimResponse> {
  const timeoutMs = Math.min(MAX_IDLE_WAIT_MS, Number((body as { timeoutMs?: unknown } | null)?.timeoutMs ?? 10_000) || 0);
  const deadline = Date.now() + timeoutMs;
  while (!current().isIdle() && Date.now() < deadline) {
    if (!(await timers.sleep(50))) break;
  }
  return jsonResponse(200, { idle: current().isIdle() });
}

function withBody(req: SimRequest, handle: (body: unknown) => SimResponse | Promise<SimResponse>): SimResponse | Promise<SimResponse> {
  let body: unknown = {};
  try {
    if (req.rawBody.trim()) body = JSON.parse(req.rawBody);
  } catch {
    return badRequest('body must be JSON');
  }
  return handle(body);
}

function badRequest(message: string): SimResponse {
  return jsonResponse(400, { error: message });
}
