import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emptySkuMaps, resolveLine, type SkuMaps } from './resolve.ts';

const tea = { productId: '1', sku: 'TEA' };
const kit = { productId: '2', sku: 'KIT' };
const cup = { productId: '3', sku: 'cup-1' };
const cupUpper = { productId: '4', sku: 'CUP-1' };

function maps(overrides: Partial<SkuMaps>): SkuMaps {
  return { ...emptySkuMaps(), ...overrides };
}

const line = (sku: string, variant: string | null = null, item: string | null = null) => ({ sku, platformVariantId: variant, platformProductId: item });

test('a mapped listing wins over an alias and over a master SKU of the same code', () => {
  const m = maps({ listingByVariant: new Map([['v1', kit]]), aliasByCode: new Map([['TEA', cup]]), mastersByNormalised: new Map([['TEA', [tea]]]) });
  assert.deepEqual(resolveLine(line('tea', 'v1'), m), { masterSku: 'KIT', productId: '2', via: 'listing' });
});

test('an alias, matched on the normalised code, wins over a master SKU', () => {
  const m = maps({ aliasByCode: new Map([['TEA', kit]]), mastersByNormalised: new Map([['TEA', [tea]]]) });
  assert.deepEqual(resolveLine(line('ｔｅａ'), m), { masterSku: 'KIT', productId: '2', via: 'alias' });
});

test('a code equal to a master SKU after normalisation maps to it', () => {
  const m = maps({ mastersByNormalised: new Map([['TEA', [tea]]]) });
  assert.deepEqual(resolveLine(line(' Ｔｅａ\u3000'), m), { masterSku: 'TEA', productId: '1', via: 'normalised' });
});

test('a listing without variants is found by its item id, a line with a variant only by the variant', () => {
  const m = maps({ listingByItem: new Map([['i9', tea]]) });
  assert.equal(resolveLine(line('', null, 'i9'), m).masterSku, 'TEA');
  assert.equal(resolveLine(line('', 'v-unknown', 'i9'), m).masterSku, null);
});

test('two master SKUs that normalise alike: the one equal to the code wins, else the line stays unmapped with the reason', () => {
  const m = maps({ mastersByNormalised: new Map([['CUP-1', [cup, cupUpper]]]) });
  assert.equal(resolveLine(line('CUP-1 '), m).masterSku, 'CUP-1');
  assert.equal(resolveLine(line('cup-1'), m).masterSku, 'cup-1');
  const ambiguous = resolveLine(line('Cup-1'), m);
  assert.equal(ambiguous.masterSku, null);
  assert.match(ambiguous.note ?? '', /cup-1, CUP-1.*alias/);
});

test('a line nothing maps is unmapped, and an empty code says so', () => {
  assert.deepEqual(resolveLine(line('MYSTERY'), maps({})), { masterSku: null, productId: null, via: null });
  assert.match(resolveLine(line('  '), maps({})).note ?? '', /no SKU code/);
});
