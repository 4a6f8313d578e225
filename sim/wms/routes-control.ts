/**
 * The WMS simulator's own control routes beside the common ones (sim/common/control.ts):
 * POST /_sim/stock {warehouse, items}, POST /_sim/settings {...}, POST /_sim/count-all {warehouse}.
 * A warehouse places no orders, so POST /_sim/generate is refused.
 */
import type { SimControl } from '../common/control.ts';
import { jsonResponse, type Router, type SimRequest, type SimResponse } from '../common/http.ts';

export interface WmsControl extends SimControl {
  /** Sets the book of these SKUs (others kept); creates the warehouse if new. No event: the opening stock. */
  setStock(body: unknown): string | null;
  /** Applies a settings body; returns an error message when it is not valid. */
  updateSettings(body: unknown): string | null;
  /** Counts every SKU of the warehouse now; the number of counts, or an error message. */
  countAll(warehouse: unknown): { counted: number; lastSeq: number } | string;
}

/** Added before addControlRoutes, so this /_sim/generate answers instead of the common one. */
export function addWmsControlRoutes(router: Router, current: () => WmsControl): void {
  router
    .add('POST', '/_sim/generate', () => jsonResponse(404, { error: 'a warehouse places no orders: the hub sends shipment requests' }))
    .add('POST', '/_sim/stock', (req) => withBody(req, (body) => okOrBadRequest(current().setStock(body))))
    .add('POST', '/_sim/settings', (req) => withBody(req, (body) => okOrBadRequest(current().updateSettings(body))))
    .add('POST', '/_sim/count-all', (req) => withBody(req, (body) => {
      const result = current().countAll((body as { warehouse?: unknown } | null)?.warehouse);
      return typeof result === 'string' ? jsonResponse(400, { error: result }) : jsonResponse(200, result);
    }));
}

function okOrBadRequest(problem: string | null): SimResponse {
  return problem ? jsonResponse(400, { error: problem }) : jsonResponse(200, { ok: true });
}

function withBody(req: SimRequest, handle: (body: unknown) => SimResponse): SimResponse {
  let body: unknown = {};
  try {
    if (req.rawBody.trim()) body = JSON.parse(req.rawBody);
  } catch {
    return jsonResponse(400, { error: 'body must be JSON' });
  }
  return handle(body);
}
