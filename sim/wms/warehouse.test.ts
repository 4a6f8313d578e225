import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startWmsSim, type WmsSim, type WmsSimOptions } from './index.ts';
import { allEvents, api, booksOf, control, replay, waitIdle } from './test-helpers.ts';

/** A quiet, fast warehouse: nothing random happens unless a test asks for it. */
const QUIET: Partial<WmsSimOptions> = {
  shipDelayMs: [5, 20], shortShipRate: 0, shrinkRate: 0, countEveryMs: 0, returnRate: 0, returnDelayMs: [5, 20], receiveDelayMs: [5, 20],
};

async function withSim(options: Partial<WmsSimOptions>, run: (sim: WmsSim) => Promise<void>): Promise<void> {
  const sim = await startWmsSim({ seed: 3, warehouses: [{ code: 'WH1', stock: [{ sku: 'X', qty: 10 }, { sku: 'Y', qty: 1 }] }], ...QUIET, ...options });
  try {
    await run(sim);
  } finally {
    await sim.close();
  }
}

const request = (requestId: string, lines: [string, number][], warehouse = 'WH1') => ({
  requestId, orderNumber: `#${requestId}`, warehouse, shipTo: null,
  lines: lines.map(([sku, qty], i) => ({ lineRef: `${requestId}-${i + 1}`, sku, qty })),
});

test('a deliberate short ship sends less than the book holds and says so in the confirmation', async () => {
  await withSim({ shortShipRate: 1 }, async (sim) => {
    assert.equal((await api(sim, 'POST', '/shipment-requests', request('R1', [['X', 3]]))).status, 201);
    await waitIdle(sim);
    const [confirmed] = await allEvents(sim);
    assert.equal(confirmed?.type, 'shipment_confirmed');
    const line = confirmed.type === 'shipment_confirmed' ? confirmed.lines[0]! : null;
    assert.ok(line && line.qtyRequested === 3 && line.qtyShipped < 3, JSON.stringify(line));
    const state = sim.state();
    assert.equal(state.requests[0]!.lines[0]!.qtyShipped, line.qtyShipped);
    assert.deepEqual(state.warehouses[0]!.stock.find((s) => s.sku === 'X'), { sku: 'X', qty: 10 - line.qtyShipped });
    assert.equal(state.stats.deliberateShorts, 1);
    assert.ok(confirmed.type === 'shipment_confirmed' && /^(SF|YTO|UPS|DHL)$/.test(confirmed.carrier) && confirmed.trackingNumber.length >= 10);
  });
});

test('a line asking for more than the book holds ships what there is, and the book never goes below zero', async () => {
  await withSim({}, async (sim) => {
    await api(sim, 'POST', '/shipment-requests', request('R1', [['Y', 4], ['X', 2]]));
    await waitIdle(sim);
    await api(sim, 'POST', '/shipment-requests', request('R2', [['Y', 2], ['NEVER-STOCKED', 1]]));
    await waitIdle(sim);
    const shipped = (await allEvents(sim)).map((e) => (e.type === 'shipment_confirmed' ? e.lines.map((l) => [l.sku, l.qtyRequested, l.qtyShipped]) : null));
    assert.deepEqual(shipped, [[['Y', 4, 1], ['X', 2, 2]], [['Y', 2, 0], ['NEVER-STOCKED', 1, 0]]]);
    assert.deepEqual(sim.state().warehouses, [{ code: 'WH1', stock: [{ sku: 'X', qty: 8 }, { sku: 'Y', qty: 0 }] }]);
    assert.equal(sim.state().stats.shortShippedLines, 3);
  });
});

test('shrinkage lowers the book without an event and shows up only at the next count of that SKU', async () => {
  await withSim({ shrinkRate: 1 }, async (sim) => {
    await api(sim, 'POST', '/shipment-requests', request('R1', [['X', 2]]));
    await waitIdle(sim);
    const state = sim.state();
    assert.equal(state.shrinkage.length, 1);
    const lost = state.shrinkage[0]!;
    assert.deepEqual({ ...lost, sku: 'X|Y' }, { warehouse: 'WH1', sku: 'X|Y', qty: 1, afterSeq: 1 });
    const before = await allEvents(sim);
    assert.deepEqual(before.map((e) => e.type), ['shipment_confirmed'], 'the loss itself is not an event');
    const replayed = replay({ WH1: { X: 10, Y: 1 } }, before, []);
    assert.equal(replayed.get(`WH1/${lost.sku}`)! - 1, booksOf(state).get(`WH1/${lost.sku}`), 'the events alone still show the lost unit');

    assert.deepEqual((await control(sim, 'count-all', { warehouse: 'WH1' })).body, { counted: 2, lastSeq: 3 });
    const counts = (await allEvents(sim)).filter((e) => e.type === 'cycle_count');
    assert.deepEqual(counts.map((e) => e.type === 'cycle_count' && [e.sku, e.qty]), lost.sku === 'X' ? [['X', 7], ['Y', 1]] : [['X', 8], ['Y', 0]]);
  });
});

test('a return comes back some time after shipping and puts its units back on the book', async () => {
  await withSim({ returnRate: 1 }, async (sim) => {
    await api(sim, 'POST', '/shipment-requests', request('R1', [['X', 2]]));
    await waitIdle(sim);
    const events = await allEvents(sim);
    assert.deepEqual(events.map((e) => e.type), ['shipment_confirmed', 'return_received']);
    const returned = events[1]!;
    assert.ok(returned.type === 'return_received' && returned.requestId === 'R1' && returned.sku === 'X' && returned.qty >= 1 && returned.qty <= 2);
    assert.ok(Date.parse(returned.occurredAt) >= Date.parse(events[0]!.occurredAt));
    assert.equal(booksOf(sim.state()).get('WH1/X'), 10 - 2 + returned.qty);
    assert.equal(sim.state().stats.unitsReturned, returned.qty);
  });
});

test('every count equals the book as of its seq, through shipments, shorts, shrinkage, returns, inbound and cancellations', async () => {
  const warehouses = [{ code: 'N', stock: [{ sku: 'A', qty: 30 }, { sku: 'B', qty: 6 }, { sku: 'C', qty: 2 }] }, { code: 'S', stock: [{ sku: 'A', qty: 5 }] }];
  await withSim({ warehouses, shipDelayMs: [0, 40], shortShipRate: 0.3, shrinkRate: 0.4, countEveryMs: 7, returnRate: 0.4, seed: 11 }, async (sim) => {
    for (let n = 0; n < 40; n++) {
      const lines: [string, number][] = n % 3 === 0 ? [['A', 2], ['B', 1]] : n % 3 === 1 ? [['C', 1]] : [['A', 1]];
      await api(sim, 'POST', '/shipment-requests', request(`R${n}`, lines, n % 5 === 0 ? 'S' : 'N'));
      if (n % 7 === 0) await api(sim, 'POST', '/inbound-notices', { noticeId: `IN${n}`, warehouse: 'N', reference: null, lines: [{ sku: 'C', qty: 2 }] });
      if (n % 6 === 5) await api(sim, 'POST', `/shipment-requests/R${n}/cancel`);
    }
    await waitIdle(sim);
    await control(sim, 'settings', { countEveryMs: 0 });
    await control(sim, 'count-all', { warehouse: 'N' });
    await control(sim, 'count-all', { warehouse: 'S' });
    const state = sim.state();
    const events = await allEvents(sim, 37);
    assert.deepEqual(events.map((e) => e.seq), Array.from({ length: state.lastSeq }, (_, i) => i + 1), 'one seq for the whole sim, rising by one');
    let counts = 0;
    const final = replay({ N: { A: 30, B: 6, C: 2 }, S: { A: 5 } }, events, state.shrinkage, (event, replayed) => {
      counts++;
      assert.equal(event.qty, replayed, `count at seq ${event.seq} of ${event.warehouse}/${event.sku}`);
    });
    assert.deepEqual(final, booksOf(state));
    assert.ok(counts > 5 && state.shrinkage.length > 0 && state.stats.returns > 0 && state.stats.deliberateShorts > 0 && state.stats.cancelled > 0, JSON.stringify(state.stats));
    assert.ok(state.requests.every((r) => r.lines.every((l) => l.qtyShipped <= l.qty) && (r.status === 'shipped' || r.lines.every((l) => l.qtyShipped === 0))));
  });
});

test('a paused warehouse holds shipments and counts, is idle for draining, and ships them when resumed', async () => {
  await withSim({ countEveryMs: 5 }, async (sim) => {
    assert.equal((await control(sim, 'settings', { paused: true })).status, 200);
    const seqAtPause = sim.state().lastSeq;
    await api(sim, 'POST', '/shipment-requests', request('R1', [['X', 1]]));
    await new Promise((resolve) => setTimeout(resolve, 80));
    await waitIdle(sim, 1000);
    const paused = sim.state();
    assert.equal(paused.lastSeq, seqAtPause, 'no shipment and no count while paused');
    assert.deepEqual([paused.requests[0]!.status, paused.held], ['waiting', 1]);
    await control(sim, 'settings', { paused: false, countEveryMs: 0 });
    await waitIdle(sim);
    assert.equal(sim.state().requests[0]!.status, 'shipped');
    assert.equal(sim.state().held, 0);
  });
});

test('settings and stock are checked: a bad value changes nothing', async () => {
  await withSim({}, async (sim) => {
    assert.equal((await control(sim, 'settings', { shortShipRate: 2 })).status, 400);
    assert.equal((await control(sim, 'settings', { bogus: 1 })).status, 400);
    assert.equal(sim.state().settings.shortShipRate, 0);
    assert.equal((await control(sim, 'stock', { warehouse: 'WH1', items: [{ sku: 'X', qty: -1 }] })).status, 400);
    assert.equal((await control(sim, 'stock', { warehouse: 'WH2', items: [{ sku: 'Z', qty: 4 }] })).status, 200);
    assert.deepEqual(sim.state().warehouses.map((w) => w.code), ['WH1', 'WH2']);
    assert.equal((await control(sim, 'generate', { count: 1 })).status, 404);
    assert.equal((await control(sim, 'count-all', { warehouse: 'NOPE' })).status, 400);
  });
});
