import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_DEMAND, DemandModel } from './demand.ts';
import { Prng } from './prng.ts';

const catalog = ['A', 'B'].map((sku) => ({ sku, priceCents: 1000 }));
const plenty = () => 1_000_000;
const uniform = () => new DemandModel(new Prng(3).fork('demand'), catalog, { ...DEFAULT_DEMAND, zipfExponent: 0, multiLineShare: 0 });

function share(model: DemandModel, sku: string, orders: number): number {
  let hits = 0;
  for (let i = 0; i < orders; i++) hits += model.plan(plenty)!.lines.filter((l) => l.sku === sku).length;
  return hits / orders;
}

test('a demand factor of 0.2 makes a SKU one fifth as popular as before, against the same other SKUs', () => {
  const model = uniform();
  assert.equal(model.setDemandFactor('A', 0.2), null);
  // Weights 0.2 and 1: A's share is 0.2 / 1.2 ≈ 0.167.
  const a = share(model, 'A', 4000);
  assert.ok(a > 0.14 && a < 0.19, `share of A: ${a}`);
});

test('a factor of 0 stops a SKU selling and 1 restores it', () => {
  const model = uniform();
  model.setDemandFactor('A', 0);
  assert.equal(share(model, 'A', 500), 0);
  model.setDemandFactor('A', 1);
  const a = share(model, 'A', 4000);
  assert.ok(a > 0.46 && a < 0.54, `share of A: ${a}`);
});

test('an unknown SKU or a negative factor is refused with the reason', () => {
  const model = uniform();
  assert.equal(model.setDemandFactor('Z', 0.5), 'no SKU "Z" in the catalog');
  assert.equal(model.setDemandFactor('A', -1), 'factor must be a number ≥ 0');
});
