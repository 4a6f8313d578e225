import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { defaultChannelQuantity, stockPatchOf } from './listings.ts';

const feed = JSON.parse(readFileSync(new URL('../../../../shared/fixtures/platforms/amazon/JSON_LISTINGS_FEED.example.json', import.meta.url), 'utf8'));
const message = (id: number) => feed.messages.find((m: { messageId: number }) => m.messageId === id);

test('the stock patch is the PATCH message of the JSON_LISTINGS_FEED example, for its quantity', () => {
  const patch = message(4);
  assert.deepEqual(stockPatchOf(10).patches, patch.patches);
  assert.equal(stockPatchOf(10).productType, 'PRODUCT');
});

test('the MFN quantity reads from every form in the feed example: attributes and patches, DEFAULT channel only', () => {
  assert.equal(defaultChannelQuantity(message(2).attributes.fulfillment_availability), 10);
  // AMAZON_NA is Amazon's own fulfilment channel (FBA), not the seller's stock.
  assert.equal(defaultChannelQuantity(message(3).attributes.fulfillment_availability), null);
  assert.equal(defaultChannelQuantity(message(4).patches[0].value), 10);
  assert.equal(defaultChannelQuantity(message(5).patches[0].value), 10);
  assert.equal(defaultChannelQuantity(undefined), null);
});

test('the quantity of a getListingsItem answer (camelCase) reads the same way', () => {
  assert.equal(defaultChannelQuantity([{ fulfillmentChannelCode: 'DEFAULT', quantity: 100 }]), 100);
  assert.equal(defaultChannelQuantity([{ fulfillmentChannelCode: 'DEFAULT' }]), null);
  assert.throws(() => defaultChannelQuantity([{ fulfillmentChannelCode: 'DEFAULT', quantity: 1.5 }]), /not a whole number/);
});
