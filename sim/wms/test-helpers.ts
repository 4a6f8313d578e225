/** Helpers for the WMS simulator's own tests: calls over HTTP, and a replay of the event log. */
import type { WireEvent } from './store.ts';
import type { WmsSim, WmsSimState } from './index.ts';

export interface Reply {
  status: number;
  body: any;
}

/** An /api/v1 call with the simulator's key (or another one). */
export async function api(sim: WmsSim, method: string, path: string, body?: unknown, apiKey = sim.credentials.apiKey): Promise<Reply> {
  const response = await fetch(`${sim.url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

export async function control(sim: WmsSim, path: string, body?: unknown): Promise<Reply> {
  const response = await fetch(`${sim.url}/_sim/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** Every event, read in pages of `limit` after seq 0. */
export async function allEvents(sim: WmsSim, limit = 50): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  for (;;) {
    const page = await api(sim, 'GET', `/events?after=${events.length === 0 ? 0 : events.at(-1)!.seq}&limit=${limit}`);
    events.push(...(page.body.events as WireEvent[]));
    if (page.body.events.length < limit) return events;
  }
}

export async function waitIdle(sim: WmsSim, timeoutMs = 5000): Promise<void> {
  const reply = await control(sim, 'idle', { timeoutMs });
  if (reply.body.idle !== true) throw new Error(`the WMS simulator did not go idle: ${JSON.stringify(sim.state().stats)}`);
}

/**
 * Replays the log from the opening stock as the hub would apply it (ship: minus, return and inbound:
 * plus, count: set), with the ground-truth shrinkage applied after the event it followed. Calls
 * onCount with what the replay held just before each count; returns the final books.
 */
export function replay(
  opening: Record<string, Record<string, number>>, events: WireEvent[], shrinkage: WmsSimState['shrinkage'],
  onCount: (event: WireEvent & { type: 'cycle_count' }, replayed: number) => void = () => undefined,
): Map<string, number> {
  const books = new Map<string, number>();
  const key = (warehouse: string, sku: string) => `${warehouse}/${sku}`;
  const change = (warehouse: string, sku: string, delta: number) => {
    if (delta === 0) return;
    const next = (books.get(key(warehouse, sku)) ?? 0) + delta;
    if (next < 0) throw new Error(`${key(warehouse, sku)} would go to ${next}`);
    books.set(key(warehouse, sku), next);
  };
  for (const [warehouse, stock] of Object.entries(opening)) for (const [sku, qty] of Object.entries(stock)) books.set(key(warehouse, sku), qty);
  for (const event of events) {
    if (event.type === 'shipment_confirmed') for (const line of event.lines) change(event.warehouse, line.sku, -line.qtyShipped);
    else if (event.type === 'return_received') change(event.warehouse, event.sku, event.qty);
    else if (event.type === 'inbound_received') for (const line of event.lines) change(event.warehouse, line.sku, line.qty);
    else if (event.type === 'cycle_count') {
      onCount(event, books.get(key(event.warehouse, event.sku)) ?? 0);
      books.set(key(event.warehouse, event.sku), event.qty);
    }
    for (const lost of shrinkage.filter((s) => s.afterSeq === event.seq)) change(lost.warehouse, lost.sku, -lost.qty);
  }
  return books;
}

/** The simulator's books in the replay's shape. */
export function booksOf(state: WmsSimState): Map<string, number> {
  return new Map(state.warehouses.flatMap((w) => w.stock.map((s) => [`${w.code}/${s.sku}`, s.qty] as const)));
}
