import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import type { OperationResult } from '../src/inventory/index.ts';
import type { Result } from '../src/errors/index.ts';
import { openTestHub, type TestHub } from './helpers/hub.ts';

/**
 * Random sequences of every kind of stock operation, run against the real database and against a
 * plain model of the rules. After each sequence: the hub agrees with the model, 0 <= reserved <= on_hand
 * everywhere, balances equal the sum of movements, and replaying an operation's key changed nothing.
 */

const LOCATIONS = ['P1', 'P2'] as const;
type Loc = (typeof LOCATIONS)[number];
type Cmd =
  | { op: 'receipt' | 'return'; sku: number; loc: Loc; qty: number }
  | { op: 'adjust'; sku: number; loc: Loc; delta: number }
  | { op: 'count'; sku: number; loc: Loc; counted: number }
  | { op: 'transfer'; sku: number; from: Loc; to: Loc; qty: number }
  | { op: 'reserve'; lines: { sku: number; loc: Loc; qty: number }[] }
  | { op: 'ship' | 'release'; which: number }
  | { op: 'replay'; which: number };

const sku = fc.integer({ min: 0, max: 1 });
const loc = fc.constantFrom(...LOCATIONS);
const qty = fc.integer({ min: 1, max: 8 });
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('receipt' as const), sku, loc, qty }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('return' as const), sku, loc, qty }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('adjust' as const), sku, loc, delta: fc.integer({ min: -6, max: 6 }).filter((d) => d !== 0) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('count' as const), sku, loc, counted: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('transfer' as const), sku, from: loc, to: loc, qty }).filter((t) => t.from !== t.to) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('reserve' as const), lines: fc.array(fc.record({ sku, loc, qty }), { minLength: 1, maxLength: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constantFrom('ship' as const, 'release' as const), which: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('replay' as const), which: fc.nat() }) },
);

type Balance = { onHand: number; reserved: number };
class Model {
  balances = new Map<string, Balance>();
  reservations: { ref: string; lines: { key: string; qty: number }[]; open: boolean }[] = [];
  get(key: string): Balance {
    let b = this.balances.get(key);
    if (!b) this.balances.set(key, (b = { onHand: 0, reserved: 0 }));
    return b;
  }
}

let hub: TestHub;
let runNo = 0;
before(async () => {
  hub = await openTestHub();
  for (const code of LOCATIONS) await hub.inventory.createLocation({ code, name: code, kind: 'warehouse' });
});
after(async () => hub.dispose());

async function runSequence(cmds: Cmd[]): Promise<void> {
  const run = ++runNo;
  const skus = [`R${run}-X`, `R${run}-Y`];
  for (const s of skus) await hub.catalog.createProduct({ sku: s, name: s, unitCost: '1', price: '1' });
  const model = new Model();
  const key = (s: number, l: Loc) => `${skus[s]}@${l}`;
  const done: { key: string; replay: () => Promise<Result<OperationResult>> }[] = [];
  const actor = 'property';

  for (const [i, c] of cmds.entries()) {
    const idem = `run${run}-op${i}`;
    if (c.op === 'receipt' || c.op === 'return') {
      const input = { sku: skus[c.sku]!, location: c.loc, qty: c.qty, idempotencyKey: idem };
      const call = () => (c.op === 'receipt' ? hub.inventory.receive(input, actor) : hub.inventory.returnToStock(input, actor));
      const r = await call();
      assert.ok(r.ok, `${c.op} is always accepted`);
      model.get(key(c.sku, c.loc)).onHand += c.qty;
      done.push({ key: idem, replay: call });
    } else if (c.op === 'adjust') {
      const b = model.get(key(c.sku, c.loc));
      const call = () => hub.inventory.adjust({ sku: skus[c.sku]!, location: c.loc, delta: c.delta, reason: 'correction', idempotencyKey: idem }, actor);
      const r = await call();
      const allowed = b.onHand + c.delta >= b.reserved;
      assert.equal(r.ok, allowed, `adjust ${c.delta} on ${JSON.stringify(b)}`);
      if (allowed) { b.onHand += c.delta; done.push({ key: idem, replay: call }); }
    } else if (c.op === 'count') {
      const b = model.get(key(c.sku, c.loc));
      const call = () => hub.inventory.count({ sku: skus[c.sku]!, location: c.loc, counted: c.counted, idempotencyKey: idem }, actor);
      const r = await call();
      const allowed = c.counted >= b.reserved;
      assert.equal(r.ok, allowed, `count ${c.counted} on ${JSON.stringify(b)}`);
      if (allowed) { b.onHand = c.counted; done.push({ key: idem, replay: call }); }
    } else if (c.op === 'transfer') {
      const from = model.get(key(c.sku, c.from));
      const call = () => hub.inventory.transfer({ sku: skus[c.sku]!, from: c.from, to: c.to, qty: c.qty, idempotencyKey: idem }, actor);
      const r = await call();
      const allowed = from.onHand - from.reserved >= c.qty;
      assert.equal(r.ok, allowed, `transfer ${c.qty} from ${JSON.stringify(from)}`);
      if (allowed) { from.onHand -= c.qty; model.get(key(c.sku, c.to)).onHand += c.qty; done.push({ key: idem, replay: call }); }
    } else if (c.op === 'reserve') {
      const ref = `run${run}-order${i}`;
      const r = await hub.inventory.reserve({ ref, lines: c.lines.map((l) => ({ sku: skus[l.sku]!, qty: l.qty, location: l.loc })) }, actor);
      const need = new Map<string, number>();
      for (const l of c.lines) need.set(key(l.sku, l.loc), (need.get(key(l.sku, l.loc)) ?? 0) + l.qty);
      const allowed = [...need].every(([k, q]) => model.get(k).onHand - model.get(k).reserved >= q);
      assert.equal(r.ok, allowed, `reserve ${JSON.stringify(c.lines)}`);
      if (allowed) {
        for (const [k, q] of need) model.get(k).reserved += q;
        model.reservations.push({ ref, open: true, lines: [...need].map(([k, q]) => ({ key: k, qty: q })) });
      }
    } else if (c.op === 'ship' || c.op === 'release') {
      const open = model.reservations.filter((r) => r.open);
      if (open.length === 0) continue;
      const target = open[c.which % open.length]!;
      const found = await hub.inventory.getReservation({ ref: target.ref });
      assert.ok(found.ok);
      const r = c.op === 'ship' ? await hub.inventory.ship({ id: found.value.id }, {}, actor) : await hub.inventory.release({ id: found.value.id }, {}, actor);
      assert.ok(r.ok, `${c.op} of an open reservation`);
      for (const l of target.lines) {
        const b = model.get(l.key);
        b.reserved -= l.qty;
        if (c.op === 'ship') b.onHand -= l.qty;
      }
      target.open = false;
    } else if (c.op === 'replay' && done.length > 0) {
      const earlier = done[c.which % done.length]!;
      const r = await earlier.replay();
      assert.ok(r.ok && r.value.replayed, `replaying ${earlier.key} answers with the first result`);
    }
  }

  for (const s of [0, 1]) {
    const level = await hub.inventory.stockOf(skus[s]!);
    assert.ok(level.ok);
    for (const l of LOCATIONS) {
      const expected = model.balances.get(key(s, l)) ?? { onHand: 0, reserved: 0 };
      const actual: { onHand: number; reserved: number } = level.value.locations.find((x) => x.location === l) ?? { onHand: 0, reserved: 0 };
      assert.deepEqual({ onHand: actual.onHand, reserved: actual.reserved }, expected, `${skus[s]} at ${l}`);
      assert.ok(actual.reserved >= 0 && actual.reserved <= actual.onHand, '0 <= reserved <= on_hand');
    }
  }
  assert.deepEqual(await hub.inventory.verifyLedger(), [], 'balances equal the sum of movements');
}

test('random sequences of stock operations keep 0 <= reserved <= on_hand, balances equal movements, and replays change nothing', async () => {
  await fc.assert(fc.asyncProperty(fc.array(cmd, { minLength: 1, maxLength: 40 }), runSequence), { numRuns: 40 });
});
