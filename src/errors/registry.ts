/**
 * Every error code the hub can answer with, its HTTP status and what it means for the merchant.
 * `docs/errors.md` lists the same codes; `registry.test.ts` keeps the two in step.
 * Codes are stable: clients match on them, so a code is never renamed, only added.
 */
export const errorRegistry = {
  'REQUEST.INVALID': { status: 400, summary: 'The request has invalid or missing fields; details name each one.' },
  'REQUEST.NOT_FOUND': { status: 404, summary: 'No route matches this method and path.' },
  'REQUEST.TOO_LARGE': { status: 413, summary: 'The request body is larger than the hub accepts.' },
  'AUTH.MISSING_TOKEN': { status: 401, summary: 'No `Authorization: Bearer <token>` header was sent.' },
  'AUTH.INVALID_TOKEN': { status: 401, summary: 'The token is unknown or has been revoked.' },
  'AUTH.FORBIDDEN': { status: 403, summary: "The token's role may not do this (viewers read, operators move stock, admins manage tokens)." },
  'AUTH.TOKEN_NOT_FOUND': { status: 404, summary: 'No access token has this id.' },
  'CATALOG.PRODUCT_NOT_FOUND': { status: 404, summary: 'No product has this SKU.' },
  'CATALOG.SKU_EXISTS': { status: 409, summary: 'A product with this SKU already exists.' },
  'CATALOG.BUNDLE_HAS_NO_STOCK': { status: 409, summary: "A bundle's stock is derived from its components; move the components' stock instead." },
  'CATALOG.INVALID_BUNDLE': { status: 400, summary: 'A bundle needs at least one component, components must exist, must not be bundles and must not repeat.' },
  'CATALOG.PRODUCT_IN_USE': { status: 409, summary: 'The product is a component of a bundle; remove it from the bundle first.' },
  'INVENTORY.LOCATION_NOT_FOUND': { status: 404, summary: 'No location has this code.' },
  'INVENTORY.LOCATION_EXISTS': { status: 409, summary: 'A location with this code already exists.' },
  'INVENTORY.INSUFFICIENT_STOCK': { status: 409, summary: 'Not enough unreserved stock; details give the SKU, the quantity asked for and what was available.' },
  'INVENTORY.BELOW_RESERVED': { status: 409, summary: 'On hand would fall below what is reserved for orders; release or ship reservations first.' },
  'INVENTORY.RESERVATION_NOT_FOUND': { status: 404, summary: 'No reservation has this id or reference.' },
  'INVENTORY.RESERVATION_CLOSED': { status: 409, summary: 'The reservation has nothing left to ship or release.' },
  'INVENTORY.LINE_NOT_IN_RESERVATION': { status: 400, summary: 'A line names a SKU or quantity that the reservation does not hold.' },
  'INVENTORY.SAME_LOCATION': { status: 400, summary: 'A transfer needs two different locations.' },
  'CHANNEL.CONNECTION_NOT_FOUND': { status: 404, summary: 'No connection has this id.' },
  'CHANNEL.CONNECTION_EXISTS': { status: 409, summary: 'A connection with this name already exists.' },
  'CHANNEL.LISTING_NOT_FOUND': { status: 404, summary: 'No listing has this id.' },
  'CHANNEL.UNREACHABLE': { status: 502, summary: 'The platform could not be reached or refused the credentials; details carry its answer.' },
  'MAPPING.RULE_INVALID': { status: 400, summary: 'The field rule does not compile (details give the character position and token) or fails on the sample payload; fix the JSONata expression.' },
  'MAPPING.RULE_WRONG_TYPE': { status: 400, summary: 'The field rule returned a value of another type than declared on the sample payload; details show what came back.' },
  'MAPPING.RULE_EXISTS': { status: 409, summary: 'The connection already has a field rule with this name; choose another name or change that rule.' },
  'MAPPING.RULE_NOT_FOUND': { status: 404, summary: 'The connection has no field rule with this id.' },
  'MAPPING.ALIAS_NOT_FOUND': { status: 404, summary: 'The connection has no SKU alias for this code (compared after normalisation).' },
  'MAPPING.PAYLOAD_UNREADABLE': { status: 400, summary: "The sample payload cannot be read as an order of the connection's platform; details carry the reason." },
  'MAPPING.CSV_INVALID': { status: 400, summary: 'The SKU map CSV has lines that cannot be applied; details list each line and why. Nothing was applied.' },
  'WEBHOOK.INVALID_SIGNATURE': { status: 401, summary: "The webhook's signature does not match the connection's secret; the body was recorded and not interpreted." },
  'ORDERS.ORDER_NOT_FOUND': { status: 404, summary: 'No order has this id.' },
  'ORDERS.NOT_HELD': { status: 409, summary: 'The order is not held for review; there is nothing to approve.' },
  'ORDERS.NOT_EDITABLE': { status: 409, summary: 'The order was handed to fulfilment, shipped or cancelled; change it in the ERP or warehouse instead.' },
  'ORDERS.NOT_RESERVED': { status: 409, summary: 'The order holds no stock to ship (not paid yet, cancelled, or held for review).' },
  'SYNC.JOB_NOT_FOUND': { status: 404, summary: 'No job in a state that allows this has this id (retry takes dead or discarded jobs, discard takes dead or pending ones).' },
  'RECONCILE.RUN_NOT_FOUND': { status: 404, summary: 'No reconciliation run has this id.' },
  'RECONCILE.CONNECTION_PAUSED': { status: 409, summary: 'The connection is paused, so its channel is not read; resume the connection, then reconcile it.' },
  'PARTNER.NOT_FOUND': { status: 404, summary: 'No ERP or warehouse partner has this id.' },
  'PARTNER.EXISTS': { status: 409, summary: 'A partner with this name already exists.' },
  'PARTNER.LOCATION_TAKEN': { status: 409, summary: 'A location is run by one warehouse system at most; remove it from the other partner first.' },
  'PARTNER.INVALID_SIGNATURE': { status: 401, summary: "The warehouse webhook's signature does not match the partner's secret; nothing was applied." },
  'ALERTS.ALERT_NOT_FOUND': { status: 404, summary: 'No alert has this id.' },
  'ALERTS.ALERT_RESOLVED': { status: 409, summary: 'The alert has resolved (its condition cleared): there is nothing left to acknowledge or snooze.' },
  'ALERTS.RULE_NOT_FOUND': { status: 404, summary: 'No alert rule has this name; the rules are connection_failing, dead_jobs, drift, oversell_risk, stock_out, low_stock, quantity_anomaly and sales_drop.' },
  'ALERTS.RULE_PARAMS_INVALID': { status: 400, summary: "The rule's parameters are invalid; details name each field (params.<name>) and what is wrong with it." },
  'ALERTS.WEBHOOK_NOT_FOUND': { status: 404, summary: 'No alert webhook has this id.' },
  'IDEMPOTENCY.KEY_REUSED': { status: 422, summary: 'This idempotency key was already used for a different request; use a new key.' },
  'STORE.LOCKED': { status: 503, summary: 'Another process holds the embedded database folder.' },
  'STORE.MIGRATION_CHANGED': { status: 500, summary: 'A migration that was already applied has been edited; restore it and add a new migration instead.' },
  'INTERNAL': { status: 500, summary: 'Something broke inside the hub; the log has the details under the request id.' },
} as const satisfies Record<string, { status: number; summary: string }>;

export type ErrorCode = keyof typeof errorRegistry;

export function httpStatusOf(code: ErrorCode): number {
  return errorRegistry[code].status;
}
