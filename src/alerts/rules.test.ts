import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultParams, parseParams } from './params.ts';
import { connectionFailing, deadJobsGrowing, driftAboveThreshold, lowStock, oversellRisk, quantityAnomaly, salesDrop, stockOut, type ConnectionHealth } from './rules.ts';

const params = defaultParams();
const now = new Date('2026-01-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);
const connection = (patch: Partial<ConnectionHealth>): ConnectionHealth => ({
  id: '1', name: 'Shop', paused: false, errorStreak: 0, lastError: null, lastPullAt: minutesAgo(1), lastPushAt: minutesAgo(2), createdAt: minutesAgo(100), ...patch,
});

test('a connection with as many failed calls in a row as the threshold is failing, one fewer is not', () => {
  const p = { errorStreak: 3, silentMinutes: 15 };
  const raised = connectionFailing([connection({ id: '1', errorStreak: 3, lastError: 'HTTP 503' }), connection({ id: '2', errorStreak: 2 })], p, now);
  assert.deepEqual(raised.map((r) => [r.subject, r.severity, r.values.errorStreak]), [['connection:1', 'warning', 3]]);
  assert.match(raised[0]!.message, /failed 3 calls in a row: HTTP 503/);
});

test('a connection with no successful pull or push for the silent minutes is down, and its newest success counts', () => {
  const p = { errorStreak: 3, silentMinutes: 15 };
  const raised = connectionFailing([
    connection({ id: '1', lastPullAt: minutesAgo(20), lastPushAt: minutesAgo(16) }),
    connection({ id: '2', lastPullAt: minutesAgo(20), lastPushAt: minutesAgo(5) }),
    connection({ id: '3', lastPullAt: null, lastPushAt: null, createdAt: minutesAgo(30) }),
  ], p, now);
  assert.deepEqual(raised.map((r) => [r.subject, r.severity, r.values.silentMinutes]), [['connection:1', 'critical', 16], ['connection:3', 'critical', 30]]);
});

test('a paused connection raises nothing however long it has been silent', () => {
  assert.deepEqual(connectionFailing([connection({ paused: true, errorStreak: 9, lastPullAt: null, lastPushAt: null })], params.connection_failing, now), []);
});

test('dead jobs alert above the maximum, or when at least minGrowth were added since the last look', () => {
  const p = { maxDead: 10, minGrowth: 2 };
  const raised = deadJobsGrowing([{ connectionId: '1', dead: 11 }, { connectionId: '2', dead: 5 }, { connectionId: '3', dead: 4 }, { connectionId: null, dead: 2 }], { '1': 11, '2': 3, '3': 3 }, p);
  assert.deepEqual(raised.map((r) => [r.subject, r.values.dead, r.values.growth]), [['connection:1', 11, 0], ['connection:2', 5, 2], ['hub', 2, 2]]);
});

test('on the first look dead jobs are judged by the maximum only, since nothing says how many were there before', () => {
  assert.deepEqual(deadJobsGrowing([{ connectionId: '1', dead: 4 }], null, { maxDead: 10, minGrowth: 1 }), []);
});

test('drift alerts when the latest reconciliation matched less than the minimum accuracy of enough items', () => {
  const report = { runId: 'r1', finishedAt: now, driftItems: 3 };
  const raised = driftAboveThreshold([
    { ...report, connectionId: '1', checked: 100, matched: 97, accuracy: 0.97 },
    { ...report, connectionId: '2', checked: 100, matched: 98, accuracy: 0.98 },
    { ...report, connectionId: '3', checked: 4, matched: 3, accuracy: 0.75 },
  ], { minAccuracy: 0.98, minChecked: 10 });
  assert.deepEqual(raised.map((r) => [r.subject, r.values.accuracy, r.values.driftItems]), [['connection:1', 0.97, 3]]);
  assert.match(raised[0]!.message, /matched 97 of 100 items \(accuracy 97\.0 %, below 98\.0 %\)/);
});

test('a listing showing more than the available stock is an oversell risk; equal, within the margin or never pushed is not', () => {
  const base = { connectionId: '1', sku: 'A' };
  const raised = oversellRisk([
    { ...base, listingId: '10', shown: 8, available: 5 },
    { ...base, listingId: '11', shown: 5, available: 5 },
    { ...base, listingId: '12', shown: 6, available: 5 },
    { ...base, listingId: '13', shown: null, available: 0 },
  ], { margin: 1 });
  assert.deepEqual(raised.map((r) => [r.subject, r.values.shown, r.values.available, r.values.excess]), [['listing:10', 8, 5, 3]]);
});

test('a SKU with nothing available is out of stock, and not also low', () => {
  const stock = [{ sku: 'A', available: 0 }, { sku: 'B', available: 3 }, { sku: 'C', available: 6 }];
  assert.deepEqual(stockOut(stock).map((r) => r.subject), ['sku:A']);
  assert.deepEqual(lowStock(stock, { threshold: 5, perSku: {} }).map((r) => [r.subject, r.values.threshold]), [['sku:B', 5]]);
});

test("a SKU's own low-stock threshold replaces the general one", () => {
  const raised = lowStock([{ sku: 'B', available: 3 }, { sku: 'C', available: 6 }], { threshold: 5, perSku: { B: 2, C: 6 } });
  assert.deepEqual(raised.map((r) => [r.subject, r.values.threshold]), [['sku:C', 6]]);
});

test('every order held for a quantity anomaly raises one alert with the values of the review rule; other holds raise none', () => {
  const heldAt = new Date('2026-01-01T11:00:00Z');
  const raised = quantityAnomaly([
    { holdId: '1', orderId: '42', connectionId: '7', heldAt, rules: [{ rule: 'buyer_message', values: { message: 'hi' } }, { rule: 'quantity_anomaly', values: { sku: 'A', qty: 20, limit: 6 } }] },
    { holdId: '2', orderId: '43', connectionId: '7', heldAt, rules: [{ rule: 'buyer_message', values: { message: 'hi' } }] },
  ]);
  assert.equal(raised.length, 1);
  assert.equal(raised[0]!.subject, 'order:42');
  assert.deepEqual(raised[0]!.values, { holdId: '1', orderId: '42', connectionId: '7', heldAt: heldAt.toISOString(), sku: 'A', qty: 20, limit: 6 });
});

test('sales drop: a SKU selling under half of its own baseline rate scaled to the window alerts, with the numbers', () => {
  // Baseline 120 units in 7200 s: 10 expected in 600 s. Fires below 5.
  const p = { windowSeconds: 600, baselineSeconds: 7200, dropRatio: 0.5, minBaselineUnits: 20 };
  const raised = salesDrop([{ sku: 'A', recent: 2, baseline: 120 }, { sku: 'B', recent: 5, baseline: 120 }, { sku: 'C', recent: 0, baseline: 19 }], p);
  assert.deepEqual(raised.map((r) => r.subject), ['sku:A']);
  assert.deepEqual(raised[0]!.values, { sku: 'A', recentUnits: 2, baselineUnits: 120, expectedUnits: 10, drop: 0.8, windowSeconds: 600, baselineSeconds: 7200, dropRatio: 0.5 });
  assert.match(raised[0]!.message, /fell 80 %: 2 units in the last 600 s against 10 expected/);
});

test('rule parameters fill in defaults, and a wrong or unknown one is named as params.<name>', () => {
  assert.deepEqual(parseParams('sales_drop', { windowSeconds: 5 }), { ok: true, value: { windowSeconds: 5, baselineSeconds: 7200, dropRatio: 0.5, minBaselineUnits: 20 } });
  const wrong = parseParams('sales_drop', { dropRatio: 1.5, windowSecs: 5 });
  assert.equal(wrong.ok, false);
  assert.deepEqual(!wrong.ok && wrong.fields.map((f) => f.field).sort(), ['params.dropRatio', 'params.windowSecs']);
});
