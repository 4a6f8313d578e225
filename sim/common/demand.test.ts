import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DEMAND, DemandModel, type DemandSettings } from './demand.ts';
import { Prng } from './prng.ts';

const catalog = ['A', 'B', 'C', 'D', 'E', 'F'].map((sku) => ({ sku, priceCents: 1000 }));
const plenty = () => 1_000_000;

function model(seed: number, settings: Partial<DemandSettings> = {}) {
  return new DemandModel(new Prng(seed).fork('demand'), catalog, { ...DEFAULT_DEMAND, ...settings });
}

test('the same seed plans the same orders', () => {
  const a = model(7);
  const b = model(7);
  for (let i = 0; i < 200; i++) assert.deepEqual(a.plan(plenty), b.plan(plenty));
  assert.notDeepEqual(model(8).plan(plenty), model(7).plan(plenty));
});

test('popular SKUs are ordered more often, by their place in the catalog', () => {
  const m = model(1);
  const counts = new Map<string, number>();
  for (let i = 0; i < 5000; i++) for (const line of m.plan(plenty)!.lines) counts.set(line.sku, (counts.get(line.sku) ?? 0) + 1);
  const bySku = catalog.map((c) => counts.get(c.sku) ?? 0);
  assert.ok(bySku[0]! > 2 * bySku[2]! && bySku[2]! > bySku[5]!, JSON.stringify(bySku));
});

test('review cases appear only at the configured share, each labelled with its reasons', () => {
  const none = model(2);
  for (let i = 0; i < 500; i++) assert.deepEqual(none.plan(plenty)!.labels, { needsReview: false, reasons: [] });
  const some = model(2, { reviewShare: 0.3 });
  const plans = Array.from({ length: 2000 }, () => some.plan(plenty)!);
  const flagged = plans.filter((p) => p.labels.needsReview);
  assert.ok(flagged.length > 500 && flagged.length < 700, `${flagged.length} of 2000`);
  assert.ok(plans.every((p) => p.labels.needsReview === p.labels.reasons.length > 0));
  assert.ok(plans.every((p) => p.hasBuyerMessage === p.labels.reasons.includes('buyer_message')));
  const typos = plans.filter((p) => p.labels.reasons.includes('quantity_typo'));
  assert.ok(typos.length > 0 && typos.every((p) => p.lines[0]!.qty >= 10));
  assert.deepEqual(new Set(flagged.flatMap((p) => p.labels.reasons)), new Set(['buyer_message', 'quantity_typo', 'price_typo', 'duplicate', 'bad_address']));
});

test('a line is left out when too little is listed, and nothing is planned when nothing can be bought', () => {
  const m = model(3, { multiLineShare: 1 });
  for (let i = 0; i < 300; i++) {
    const plan = m.plan((sku) => (sku === 'A' ? 1 : 0));
    if (plan) assert.deepEqual(plan.lines.map((l) => [l.sku, l.qty]), [['A', 1]]);
  }
  assert.equal(model(4).plan(() => 0), null);
});
