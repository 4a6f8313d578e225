import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accuracyOf, compareListings, compareOrders, type HubOrderVersion, type OrderCheckContext } from './compare.ts';

const T1 = '2025-03-01T10:00:00.000Z';
const T2 = '2025-03-01T10:05:00.000Z';
const CURSOR = '2025-03-01T10:02:00.000Z';
const ID = '9007199254740993123';
const context = (over: Partial<OrderCheckContext> = {}): OrderCheckContext => ({ pullCursor: CURSOR, pullsScheduled: true, webhooks: true, inInbox: new Set(), ...over });
const hubOf = (...orders: HubOrderVersion[]) => new Map(orders.map((o) => [o.externalId, o]));

test('an order the hub holds at the same version and status is matched', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: 'paid' }], hubOf({ externalId: ID, updatedAt: T1, platformStatus: 'paid', unmapped: false }), context());
  assert.deepEqual([t.checked, t.matched, t.items.length], [1, 1, 0]);
});

test('an order absent from the hub and older than the pull cursor is a missed webhook, repaired by ingesting it', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: 'paid' }], hubOf(), context());
  assert.deepEqual(t.items.map((i) => [i.ref, i.cause, i.repair, i.inFlight]), [[ID, 'missed_webhook', 'ingest', false]]);
  assert.deepEqual([t.checked, t.matched], [1, 0]);
});

test('with scheduled pulls off, a missing order of a webhook platform is a missed webhook whatever the cursor says', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T2, platformStatus: 'paid' }], hubOf(), context({ pullsScheduled: false }));
  assert.equal(t.items[0]!.cause, 'missed_webhook');
});

test('a change newer than the pull cursor is not yet pulled', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T2, platformStatus: 'paid' }], hubOf({ externalId: ID, updatedAt: T1, platformStatus: 'pending', unmapped: false }), context());
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair, i.hubValue, i.channelValue]), [['not_yet_pulled', 'ingest', `pending @ ${T1}`, `paid @ ${T2}`]]);
});

test('on a platform without webhooks and with pulls off, a missing order is not yet pulled', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: 'paid' }], hubOf(), context({ webhooks: false, pullsScheduled: false }));
  assert.equal(t.items[0]!.cause, 'not_yet_pulled');
});

test('an order whose version already waits in the inbox is in flight: reported, neither checked nor repaired', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: 'paid' }], hubOf(), context({ inInbox: new Set([ID]) }));
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair, i.inFlight]), [['ingest_pending', 'none', true]]);
  assert.deepEqual([t.checked, t.matched, t.inFlight], [0, 0, 1]);
});

test('the same update time in another status is a stale state, repaired by ingesting the channel version', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: 'paid' }], hubOf({ externalId: ID, updatedAt: T1, platformStatus: 'pending', unmapped: false }), context());
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair]), [['stale_state', 'ingest']]);
});

test('a version the connector did not read in full matches on its update time alone', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: null }], hubOf({ externalId: ID, updatedAt: T1, platformStatus: 'pending', unmapped: false }), context());
  assert.equal(t.matched, 1);
});

test('a hub version newer than the channel listing counts as matched', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: 'pending' }], hubOf({ externalId: ID, updatedAt: T2, platformStatus: 'paid', unmapped: false }), context());
  assert.equal(t.matched, 1);
});

test('an order held for an unmapped SKU is unmapped drift that waits for a person', () => {
  const t = compareOrders([{ externalId: ID, updatedAt: T1, platformStatus: 'paid' }], hubOf({ externalId: ID, updatedAt: T1, platformStatus: 'paid', unmapped: true }), context());
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair]), [['unmapped', 'none']]);
  assert.deepEqual([t.checked, t.matched], [1, 0]);
});

const listing = { listingId: '7', mapped: true, lastPushedQty: 5, publishes: 5, pushInFlight: false };

test('a listing showing the acknowledged push that the hub still publishes is matched', () => {
  const t = compareListings(new Map([['7', 5]]), [listing]);
  assert.deepEqual([t.checked, t.matched, t.items.length], [1, 1, 0]);
});

test('a listing showing another quantity than the last acknowledged push was changed on the channel and is re-pushed', () => {
  const t = compareListings(new Map([['7', 40]]), [listing]);
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair, i.hubValue, i.channelValue]), [['changed_on_channel', 'push', '5', '40']]);
});

test('a listing with a push queued is in flight, not drift of the channel', () => {
  const t = compareListings(new Map([['7', 5]]), [{ ...listing, publishes: 4, pushInFlight: true }]);
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair, i.inFlight]), [['push_pending', 'none', true]]);
  assert.deepEqual([t.checked, t.inFlight], [0, 1]);
});

test('a hub change with no push queued is push pending and queued again', () => {
  const t = compareListings(new Map([['7', 5]]), [{ ...listing, publishes: 4 }]);
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair, i.inFlight]), [['push_pending', 'push', false]]);
});

test('a listing without a master SKU is unmapped and left for a person', () => {
  const t = compareListings(new Map([['7', 3]]), [{ ...listing, mapped: false, lastPushedQty: null, publishes: null }]);
  assert.deepEqual(t.items.map((i) => [i.cause, i.repair]), [['unmapped', 'none']]);
});

test('accuracy is matched over checked, and 1 when nothing was judged', () => {
  assert.equal(accuracyOf({ checked: 8, matched: 6 }), 0.75);
  assert.equal(accuracyOf({ checked: 0, matched: 0 }), 1);
});
