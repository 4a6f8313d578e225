/**
 * SP-API usage plans: each operation has its own token bucket per selling partner and app (rate =
 * tokens a second, burst = bucket size), from the "Usage Plan" table of each operation in
 * amzn/selling-partner-api-models (ordersV0.json, listingsItems_2021-08-01.json) and PLATFORMS.md §3.
 * Paths are matched at their end, so a base URL with a path prefix (a proxy) still matches.
 */
export type SpOperationName = 'getOrders' | 'getOrder' | 'getOrderItems' | 'confirmShipment' | 'searchListingsItems' | 'getListingsItem' | 'patchListingsItem';

interface SpOperation {
  name: SpOperationName;
  method: string;
  path: RegExp;
  /** Burst. */
  capacity: number;
  /** Rate (requests a second). */
  refillPerSecond: number;
}

export const SP_OPERATIONS: readonly SpOperation[] = [
  { name: 'getOrders', method: 'GET', path: /\/orders\/v0\/orders$/, capacity: 20, refillPerSecond: 0.0167 },
  { name: 'getOrder', method: 'GET', path: /\/orders\/v0\/orders\/[^/]+$/, capacity: 30, refillPerSecond: 0.5 },
  { name: 'getOrderItems', method: 'GET', path: /\/orders\/v0\/orders\/[^/]+\/orderItems$/, capacity: 30, refillPerSecond: 0.5 },
  { name: 'confirmShipment', method: 'POST', path: /\/orders\/v0\/orders\/[^/]+\/shipmentConfirmation$/, capacity: 10, refillPerSecond: 2 },
  { name: 'searchListingsItems', method: 'GET', path: /\/listings\/2021-08-01\/items\/[^/]+$/, capacity: 5, refillPerSecond: 5 },
  { name: 'getListingsItem', method: 'GET', path: /\/listings\/2021-08-01\/items\/[^/]+\/[^/]+$/, capacity: 10, refillPerSecond: 5 },
  { name: 'patchListingsItem', method: 'PATCH', path: /\/listings\/2021-08-01\/items\/[^/]+\/[^/]+$/, capacity: 5, refillPerSecond: 5 },
];

export function spOperation(name: SpOperationName): SpOperation {
  return SP_OPERATIONS.find((op) => op.name === name)!;
}

/**
 * The connection-level bucket (Connector.rateLimit) is patchListingsItem's: stock pushes are by far the
 * most numerous calls (one per changed listing), and the job claim skips a connection whose
 * connection bucket is empty, so a burst of pushes waits in the queue instead of holding worker
 * slots. Every other operation counts against its own bucket and never holds the claim back.
 */
export const CONNECTION_OPERATION: SpOperationName = 'patchListingsItem';

/**
 * Connector.operationRateLimit: the bucket of the operation a call is, or null for a call that counts
 * against the connection's bucket (patchListingsItem, and the LWA token call: once an hour, no
 * published limit).
 */
export function amazonOperationRateLimit(method: string, pathname: string): { name: string; capacity: number; refillPerSecond: number } | null {
  const operation = SP_OPERATIONS.find((op) => op.method === method.toUpperCase() && op.path.test(pathname));
  if (!operation || operation.name === CONNECTION_OPERATION) return null;
  return { name: operation.name, capacity: operation.capacity, refillPerSecond: operation.refillPerSecond };
}
