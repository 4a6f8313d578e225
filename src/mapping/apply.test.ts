import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import { shopifyConnector } from '../connectors/index.ts';
import { applyMapping, compileMapping, emptyMapping, type MappingDefinition } from './apply.ts';
import type { RuleDefinition } from './rules.ts';

// The shopify.dev reference order (shared fixture): partially_refunded, unfulfilled, two note attributes.
const fixture = JSON.parse(fs.readFileSync('/work/shared/fixtures/platforms/shopify/rest.orders.list.json', 'utf8')) as { response: { orders: unknown[] } };
const payload = fixture.response.orders[0]!;
const order = shopifyConnector.parseOrder({ externalId: '450789469', updatedAt: null, topic: 'orders/updated', payload });

const rule = (name: string, target: string, type: RuleDefinition['type'], expression: string, position = 0, enabled = true): RuleDefinition =>
  ({ name, target, type, expression, position, enabled });

function mappingOf(definition: Partial<MappingDefinition>) {
  return compileMapping({ statusOverrides: [], rules: [], ...definition }, '7');
}

test('a status override on the platform status words replaces the connector reading, and the trace says so', async () => {
  assert.equal(order.platformStatus, 'partially_refunded/unfulfilled');
  assert.equal(order.status, 'paid');
  const mapped = await applyMapping(order, payload, mappingOf({ statusOverrides: [{ platformStatus: 'partially_refunded/unfulfilled', status: 'pending' }] }));
  assert.equal(mapped.order.status, 'pending');
  assert.deepEqual(mapped.order.mapping?.status, { platformStatus: 'partially_refunded/unfulfilled', from: 'paid', to: 'pending' });
});

test('an override for other status words, or to the same status, changes nothing', async () => {
  const other = await applyMapping(order, payload, mappingOf({ statusOverrides: [{ platformStatus: 'paid/unfulfilled', status: 'pending' }] }));
  const same = await applyMapping(order, payload, mappingOf({ statusOverrides: [{ platformStatus: 'partially_refunded/unfulfilled', status: 'paid' }] }));
  assert.deepEqual([other.order.status, other.order.mapping?.status, same.order.mapping?.status], ['paid', null, null]);
});

test('rules fill attributes and canonical notes from the raw payload; a rule that finds nothing does not fire', async () => {
  const mapped = await applyMapping(order, payload, mappingOf({
    rules: [
      rule('engraving', 'attributes.engraving', 'string', 'note_attributes[name = "custom engraving"].value'),
      rule('giftWrap', 'attributes.giftWrap', 'boolean', '$exists(note_attributes[name = "gift wrap"])'),
      rule('invoice', 'attributes.invoiceTitle', 'string', 'note_attributes[name = "invoice title"].value'),
      rule('po', 'sellerNote', 'string', '"PO " & po_number'),
      rule('items', 'attributes.itemCount', 'number', '$count($order.lines)'),
    ],
  }));
  assert.deepEqual(mapped.order.mapping?.attributes, { engraving: 'Happy Birthday', giftWrap: false, itemCount: 1 });
  assert.equal(mapped.order.sellerNote, 'PO ABC123');
  // Same position: by name.
  assert.deepEqual(mapped.order.mapping?.rules.map((r) => r.rule), ['engraving', 'giftWrap', 'items', 'po']);
  assert.deepEqual(mapped.outcomes.find((o) => o.rule === 'invoice'), { rule: 'invoice', target: 'attributes.invoiceTitle', fired: false });
});

test('rules run in position order and a later one that fires overwrites the same target', async () => {
  const mapped = await applyMapping(order, payload, mappingOf({
    rules: [rule('second', 'attributes.colour', 'string', '"from second"', 2), rule('first', 'attributes.colour', 'string', 'note_attributes[name = "colour"].value', 1)],
  }));
  assert.equal(mapped.order.mapping?.attributes.colour, 'from second');
  assert.deepEqual(mapped.order.mapping?.rules.map((r) => r.rule), ['first', 'second']);
});

test('a rule that fails or returns the wrong type is kept in the trace and never stops the order', async () => {
  const mapped = await applyMapping(order, payload, mappingOf({
    rules: [
      rule('bad number', 'attributes.n', 'number', '$number(name)'),
      rule('wrong type', 'attributes.total', 'number', 'total_price'),
      rule('fine', 'attributes.source', 'string', 'source_name'),
    ],
  }));
  assert.deepEqual(mapped.order.mapping?.attributes, { source: 'web' });
  const errors = mapped.order.mapping!.rules.filter((r) => 'error' in r);
  assert.equal(errors.length, 2);
  assert.match(JSON.stringify(errors), /wrong type.*returned the string \\"598\.94\\" where a number was declared/);
});

test('disabled rules do not run and a stored rule that no longer compiles is reported on every order', async () => {
  const mapped = await applyMapping(order, payload, mappingOf({
    rules: [rule('off', 'attributes.off', 'string', '"x"', 0, false), rule('broken', 'attributes.b', 'string', 'note_attributes[')],
  }));
  assert.deepEqual(mapped.order.mapping?.attributes, {});
  assert.deepEqual(mapped.order.mapping?.rules.map((r) => [r.rule, 'error' in r]), [['broken', true]]);
});

test('an empty mapping leaves the connector reading as it was and records an empty trace', async () => {
  const mapped = await applyMapping(order, payload, emptyMapping());
  const { mapping, ...rest } = mapped.order;
  assert.deepEqual(rest, order);
  assert.deepEqual(mapping, { attributes: {}, rules: [], status: null });
});
