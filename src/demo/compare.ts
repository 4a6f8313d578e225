/**
 * The end of a demo run: the simulators are the independent witnesses. Pure: what each side says
 * goes in, the counts the demo prints come out. Every count should be 0.
 */

export interface WitnessOrder {
  channel: string;
  externalId: string;
  status: string;
  lines: { sku: string; qty: number }[];
}

export interface HubOrderView extends WitnessOrder {
  flags: string[];
}

export interface ListedQuantity {
  channel: string;
  /** Platform listing key (inventory item / num_iid + sku_id). */
  listing: string;
  qty: number;
}

export interface Comparison {
  orders: number;
  lost: number;
  duplicated: number;
  wrongLines: number;
  wrongStatus: number;
  oversold: number;
  listingDrift: number;
  examples: string[];
}

const key = (o: { channel: string; externalId: string }) => `${o.channel}:${o.externalId}`;

function linesKey(lines: { sku: string; qty: number }[]): string {
  const totals = new Map<string, number>();
  for (const l of lines) totals.set(l.sku, (totals.get(l.sku) ?? 0) + l.qty);
  return [...totals.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, q]) => `${s}×${q}`).join(',');
}

/** Statuses are compared in the hub's words: the caller maps the witness's platform status first. */
export function compareRun(witness: WitnessOrder[], hub: HubOrderView[], witnessListed: ListedQuantity[], hubPublished: ListedQuantity[]): Comparison {
  const examples: string[] = [];
  const note = (s: string) => examples.length < 10 && examples.push(s);
  const hubByKey = new Map<string, HubOrderView[]>();
  for (const o of hub) hubByKey.set(key(o), [...(hubByKey.get(key(o)) ?? []), o]);
  const witnessKeys = new Set(witness.map(key));
  let lost = 0, wrongLines = 0, wrongStatus = 0, oversold = 0;
  for (const w of witness) {
    const found = hubByKey.get(key(w));
    if (!found) {
      lost++;
      note(`lost ${key(w)}`);
      continue;
    }
    const h = found[0]!;
    if (linesKey(h.lines) !== linesKey(w.lines)) {
      wrongLines++;
      note(`lines ${key(w)}: channel ${linesKey(w.lines)} hub ${linesKey(h.lines)}`);
    }
    if (h.status !== w.status) {
      wrongStatus++;
      note(`status ${key(w)}: channel ${w.status} hub ${h.status}`);
    }
    if (h.flags.includes('INSUFFICIENT_STOCK')) {
      oversold++;
      note(`oversold ${key(w)}`);
    }
  }
  let duplicated = 0;
  for (const [k, list] of hubByKey) {
    duplicated += list.length - 1;
    if (!witnessKeys.has(k)) {
      duplicated++;
      note(`hub has ${k}, the channel does not`);
    }
  }
  const published = new Map(hubPublished.map((l) => [`${l.channel}:${l.listing}`, l.qty]));
  let listingDrift = 0;
  for (const l of witnessListed) {
    const hubQty = published.get(`${l.channel}:${l.listing}`);
    if (hubQty !== l.qty) {
      listingDrift++;
      note(`listing ${l.channel}:${l.listing}: channel shows ${l.qty}, hub publishes ${hubQty ?? 'nothing'}`);
    }
  }
  return { orders: witness.length, lost, duplicated, wrongLines, wrongStatus, oversold, listingDrift, examples };
}

export interface StockFigures {
  onHand: number;
  reserved: number;
}

// A partly shipped order holds nothing: the hub ships what the warehouse sent and gives the rest back.
const holdsStock = new Set(['pending', 'paid']);
const tookStock = new Set(['shipped', 'completed']);

/**
 * The stock every order should have left behind, worked out from the witnesses alone: units of open
 * orders reserved, units of shipped ones gone from the shelf. A job done twice in effect (a sale
 * reserved twice, a shipment committed twice) shows up here even when every order looks right.
 */
export function compareStock(witness: WitnessOrder[], opening: Map<string, number>, hub: Map<string, StockFigures>, check: { onHand: boolean } = { onHand: true }): { stockDrift: number; examples: string[] } {
  const expected = new Map<string, StockFigures>([...opening].map(([sku, qty]) => [sku, { onHand: qty, reserved: 0 }]));
  for (const order of witness) {
    for (const line of order.lines) {
      const figures = expected.get(line.sku);
      if (!figures) continue;
      if (holdsStock.has(order.status)) figures.reserved += line.qty;
      if (tookStock.has(order.status)) figures.onHand -= line.qty;
    }
  }
  const examples: string[] = [];
  let stockDrift = 0;
  for (const [sku, want] of expected) {
    const got = hub.get(sku);
    if (got && (!check.onHand || got.onHand === want.onHand) && got.reserved === want.reserved) continue;
    stockDrift++;
    if (examples.length < 10) examples.push(`stock ${sku}: witnesses imply on hand ${want.onHand} reserved ${want.reserved}, hub has ${got ? `${got.onHand}/${got.reserved}` : 'nothing'}`);
  }
  return { stockDrift, examples };
}
