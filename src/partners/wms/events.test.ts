import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PlatformError } from '../../connectors/types.ts';
import { eventsFeedOf, parseWmsEvent } from './events.ts';

const at = '2025-04-02T08:00:00.000Z';
const count = (seq: number, extra: Record<string, unknown> = {}) => ({ seq, eventId: `e${seq}`, type: 'cycle_count', occurredAt: at, warehouse: 'W', sku: 'A', qty: 3, ...extra });

function refusal(run: () => unknown): PlatformError {
  try {
    run();
  } catch (err) {
    assert.ok(err instanceof PlatformError);
    return err;
  }
  assert.fail('expected a PlatformError');
}

test('an event type the hub does not know throws a permanent error that names the type', () => {
  const err = refusal(() => parseWmsEvent({ ...count(4), type: 'stock_transferred' }));
  assert.equal(err.kind, 'permanent');
  assert.match(err.message, /unknown WMS event type "stock_transferred" \(seq 4\)/);
});

test('an event missing a field it needs, or with a negative or fractional quantity, is unreadable', () => {
  for (const broken of [{ sku: undefined }, { qty: -1 }, { qty: 1.5 }, { occurredAt: 'yesterday' }, { warehouse: '' }, { seq: 'x' }]) {
    assert.equal(refusal(() => parseWmsEvent(count(1, broken))).kind, 'permanent', JSON.stringify(broken));
  }
  const noLines = { seq: 1, eventId: 'e1', type: 'inbound_received', occurredAt: at, warehouse: 'W', noticeId: 'n', lines: [] };
  assert.match(refusal(() => parseWmsEvent(noLines)).message, /no lines/);
});

test('a return without a request id reads as requestId null, and times come out as UTC ISO', () => {
  const event = parseWmsEvent({ seq: 7, eventId: 'e7', type: 'return_received', occurredAt: '2025-04-02T16:00:00+08:00', warehouse: 'W', requestId: null, sku: 'A', qty: 1 });
  assert.deepEqual(event, { type: 'return_received', seq: 7, eventId: 'e7', warehouse: 'W', requestId: null, sku: 'A', qty: 1, receivedAt: at });
});

test('the cursor moves to the last seq read, stays when nothing is new, and more is set by a full page', () => {
  assert.deepEqual(eventsFeedOf({ events: [count(5), count(6)] }, '4', 2), { items: [parseWmsEvent(count(5)), parseWmsEvent(count(6))], cursor: '6', more: true });
  assert.deepEqual(eventsFeedOf({ events: [count(5)] }, '4', 2).more, false);
  assert.deepEqual(eventsFeedOf({ events: [] }, '6'), { items: [], cursor: '6', more: false });
  assert.deepEqual(eventsFeedOf({ events: [] }, null), { items: [], cursor: null, more: false });
});

test('a page that repeats or goes back before the cursor is refused rather than moving the cursor past a gap', () => {
  assert.match(refusal(() => eventsFeedOf({ events: [count(4)] }, '4')).message, /not after 4/);
  assert.match(refusal(() => eventsFeedOf({ events: [count(6), count(5)] }, '4')).message, /not after 6/);
  assert.equal(refusal(() => eventsFeedOf({ events: [] }, 'abc')).kind, 'permanent');
});
