import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'kysely';
import { startShopifySim, type ShopifySim } from '../sim/shopify/index.ts';
import { productsByNormalisedSku } from '../src/catalog/index.ts';
import { runCli } from '../src/cli/index.ts';
import { openStore } from '../src/store/index.ts';
import { normaliseSku } from '../src/mapping/index.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { connectShopifySim } from './helpers/shopify.ts';

// Two shops: on A the buyer's SKU "mystery tea" is no master SKU (an alias fixes it); on B the listing
// "GIFTBOX-9" sells the bundle KIT (a listing mapping fixes it). Orders reach the hub as signed webhooks.
let server: TestServer;
let simA: ShopifySim;
let simB: ShopifySim;
let shopA: string;
let shopB: string;
let viewer: string;
const fixture = JSON.parse(fs.readFileSync('/work/shared/fixtures/platforms/shopify/rest.orders.list.json', 'utf8')).response.orders[0];

async function connect(sim: ShopifySim, name: string): Promise<string> {
  return connectShopifySim(server.hub, sim, { name, webhooksTo: server.url });
}

before(async () => {
  server = await startTestServer();
  const { hub } = server;
  viewer = (await server.call('POST', '/api/v1/tokens', { name: 'viewer', role: 'viewer' })).body.token;
  await hub.inventory.createLocation({ code: 'WH', name: 'Warehouse', kind: 'warehouse' });
  for (const sku of ['TEA', 'CUP']) {
    await hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '2.00' });
    await hub.inventory.receive({ sku, location: 'WH', qty: 500, idempotencyKey: `seed-${sku}` }, 'test');
  }
  await hub.catalog.createProduct({ sku: 'KIT', name: 'Kit', unitCost: '2.00', price: '5.00', components: [{ sku: 'TEA', qty: 2 }, { sku: 'CUP', qty: 1 }] });
  // Later payments and cancellations wait ten minutes: nothing changes at the shops during the tests.
  const quiet = { seed: 3, lifecycleDelayMs: [600_000, 600_000] as [number, number] };
  simA = await startShopifySim({ ...quiet, catalog: [{ sku: 'mystery tea', qty: 50, price: '5.00' }] });
  simB = await startShopifySim({ ...quiet, catalog: [{ sku: 'GIFTBOX-9', qty: 50, price: '9.00' }] });
  shopA = await connect(simA, 'Shop A');
  shopB = await connect(simB, 'Shop B');
  hub.sync.startWorkers({ schedulePulls: false, platformCalls: false, pollMs: 20 });
});
after(async () => {
  await server.close();
  await simA.close();
  await simB.close();
});

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}

async function onlyOrder(connectionId: string, ready: (o: any) => boolean) {
  return until('the order', async () => {
    const { body } = await server.call('GET', `/api/v1/orders?connectionId=${connectionId}`);
    return body.items.length === 1 && ready(body.items[0]) ? body.items[0] : undefined;
  });
}

const reserved = async (sku: string) => {
  const level = await server.hub.inventory.stockOf(sku);
  assert.ok(level.ok);
  return level.value.reserved;
};

async function rowCounts(): Promise<Record<string, number>> {
  const tables = ['orders', 'order_lines', 'inbox', 'jobs', 'stock_movements', 'reservations', 'sku_aliases', 'field_rules', 'status_overrides', 'mapping_versions'];
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(server.hub.store.db)).rows[0]!.n);
  return counts;
}

test('a code matches the master SKU it equals after normalisation, computed alike in the database and in code', async () => {
  const skus = ['Tea-Green 250g', 'ＣＵＰ－ＸＬ', 'mug  blue', 'ｶｯﾌﾟ-1', 'café'];
  for (const sku of skus) await server.hub.catalog.createProduct({ sku, name: sku, unitCost: '1.00', price: '2.00' });
  const found = await productsByNormalisedSku(server.hub.store.db, skus.map(normaliseSku));
  assert.deepEqual(skus.map((s) => found.get(normaliseSku(s))?.map((p) => p.sku)), skus.map((s) => [s]));
  const lines = ['ｔｅａ－ｇｒｅｅｎ　２５０ｇ', 'cup-xl', ' MUG\u3000BLUE '].map((sku, i) => ({ sku, platformProductId: null, platformVariantId: null, externalLineId: `${i}`, title: '', qty: 1, unitPrice: '1' }));
  const resolved = await server.hub.mapping.resolveLines(server.hub.store.db, shopA, lines);
  assert.deepEqual(resolved.map((r) => [r.masterSku, r.via]), [['Tea-Green 250g', 'normalised'], ['ＣＵＰ－ＸＬ', 'normalised'], ['mug  blue', 'normalised']]);
});

test('listings are mapped by their seller SKU after normalisation when read, and by an alias when it is added', async () => {
  const simC = await startShopifySim({ seed: 4, catalog: [{ sku: 'ｔｅａ－ｇｒｅｅｎ　２５０ｇ', qty: 5, price: '1.00' }, { sku: 'odd code', qty: 5, price: '1.00' }] });
  try {
    const shopC = await connect(simC, 'Shop C');
    const refreshed = await server.hub.channels.refreshListings(shopC);
    assert.ok(refreshed.ok && refreshed.value.listings === 2 && refreshed.value.mapped === 1);
    const skuOf = async (code: string) => (await server.hub.channels.listListings(shopC)).find((l) => l.sellerSku === code)?.sku;
    assert.deepEqual([await skuOf('ｔｅａ－ｇｒｅｅｎ　２５０ｇ'), await skuOf('odd code')], ['Tea-Green 250g', null]);
    const added = await server.call('PUT', `/api/v1/connections/${shopC}/mapping/aliases`, { aliases: [{ code: 'ODD  CODE', sku: 'CUP' }] });
    assert.equal(added.body.listingsMapped, 1);
    assert.equal(await skuOf('odd code'), 'CUP');
    const odd = (await server.hub.channels.listListings(shopC)).find((l) => l.sellerSku === 'odd code')!;
    const pushes = await server.hub.sync.listJobs({ kind: 'push_stock', status: 'pending', connectionId: shopC, limit: 10 });
    assert.deepEqual(pushes.items.map((j) => (j.payload as { listingId: string }).listingId), [odd.id], 'the listing mapped by the alias gets its quantity pushed');
  } finally {
    await simC.close();
  }
});

test('an order held for an unknown SKU continues by itself once an alias is added, with no new platform record', async () => {
  const rule = await server.call('POST', `/api/v1/connections/${shopA}/mapping/rules`, { name: 'source', target: 'attributes.source', type: 'string', expression: 'source_name' });
  assert.equal(rule.status, 201, JSON.stringify(rule.body));
  const teaBefore = await reserved('TEA');
  simA.control.generate({ count: 1, perSecond: 50 });
  const held = await onlyOrder(shopA, (o) => o.flags.includes('UNMAPPED_SKU'));
  assert.equal(held.lines[0].sku, null);
  assert.deepEqual(held.attributes, { source: 'web' });
  assert.deepEqual(held.mappingTrace.lines.map((l: any) => [l.code, l.via]), [['mystery tea', null]]);
  assert.equal(await reserved('TEA'), teaBefore);

  assert.equal((await fetch(`${simA.url}/_sim/idle`, { method: 'POST', body: JSON.stringify({ timeoutMs: 5_000 }) }).then((r) => r.json())).idle, true);
  const before = await rowCounts();
  const added = await server.call('PUT', `/api/v1/connections/${shopA}/mapping/aliases`, { aliases: [{ code: 'ＭＹＳＴＥＲＹ　ＴＥＡ', sku: 'TEA' }] });
  assert.equal(added.status, 200, JSON.stringify(added.body));
  assert.deepEqual([added.body.changed, added.body.reinterpreted, added.body.aliases[0].normalisedCode], [1, 1, 'MYSTERY TEA']);

  const continued = await onlyOrder(shopA, (o) => o.flags.length === 0);
  assert.equal(continued.id, held.id);
  assert.equal(continued.lines[0].sku, 'TEA');
  assert.deepEqual(continued.mappingTrace.lines.map((l: any) => [l.code, l.masterSku, l.via]), [['mystery tea', 'TEA', 'alias']]);
  assert.equal(await reserved('TEA'), teaBefore + continued.lines[0].qty);
  const after = await rowCounts();
  assert.equal(after.inbox, before.inbox, 'no new platform record');
  assert.equal(simA.state().orders.length, 1);
  // Its listing, read now, is mapped through the alias.
  const listed = await server.hub.channels.refreshListings(shopA);
  assert.ok(listed.ok && listed.value.mapped === 1);
});

test("a listing mapped to a bundle reserves the bundle's components, and mapping it continues the held order", async () => {
  const refreshed = await server.hub.channels.refreshListings(shopB);
  assert.ok(refreshed.ok && refreshed.value.listings === 1 && refreshed.value.mapped === 0);
  const [teaBefore, cupBefore] = [await reserved('TEA'), await reserved('CUP')];
  simB.control.generate({ count: 1, perSecond: 50 });
  const held = await onlyOrder(shopB, (o) => o.flags.includes('UNMAPPED_SKU'));
  const listing = (await server.hub.channels.listListings(shopB))[0]!;
  const mapped = await server.call('PATCH', `/api/v1/listings/${listing.id}`, { sku: 'KIT' });
  assert.equal(mapped.status, 200);
  const continued = await onlyOrder(shopB, (o) => o.flags.length === 0);
  const qty = continued.lines[0].qty;
  assert.deepEqual([continued.id, continued.lines[0].sku, continued.mappingTrace.lines[0].via], [held.id, 'KIT', 'listing']);
  assert.deepEqual([await reserved('TEA'), await reserved('CUP')], [teaBefore + 2 * qty, cupBefore + qty]);
});

test('preview returns the canonical order, the rules that fired and how each line maps, and writes nothing', async () => {
  const call = (method: string, path: string, body?: unknown, token?: string) => server.call(method, `/api/v1/connections/${shopA}/mapping${path}`, body, token);
  assert.equal((await call('POST', '/rules', { name: 'engraving', target: 'attributes.engraving', type: 'string', expression: 'note_attributes[name = "custom engraving"].value', sample: fixture })).status, 201);
  assert.equal((await call('POST', '/rules', { name: 'gift', target: 'attributes.giftWrap', type: 'boolean', expression: '$exists(note_attributes[name = "gift wrap"])', position: 1 })).status, 201);
  assert.equal((await call('PUT', '/status-overrides', { overrides: [{ platformStatus: 'partially_refunded/unfulfilled', status: 'pending' }] })).status, 200);
  assert.equal((await call('PUT', '/aliases', { aliases: [{ code: 'ipod2008red', sku: 'CUP' }] })).status, 200);
  const before = await rowCounts();
  // As JSON text, an id beyond 2^53 stays exact.
  const big = JSON.stringify(fixture).replace('"id":450789469', '"id":820982911946154508');
  const preview = await call('POST', '/preview', { payload: big, topic: 'orders/create' }, viewer);
  assert.equal(preview.status, 200, JSON.stringify(preview.body));
  assert.deepEqual(await rowCounts(), before);
  const p = preview.body;
  assert.equal(p.order.externalId, '820982911946154508');
  // Position order, then name.
  assert.deepEqual(p.firedRules, [
    { rule: 'engraving', target: 'attributes.engraving', value: 'Happy Birthday' },
    { rule: 'source', target: 'attributes.source', value: 'web' },
    { rule: 'gift', target: 'attributes.giftWrap', value: false },
  ]);
  assert.deepEqual(p.order.mapping.attributes, { source: 'web', engraving: 'Happy Birthday', giftWrap: false });
  assert.deepEqual(p.status, { platformStatus: 'partially_refunded/unfulfilled', from: 'paid', to: 'pending' });
  assert.equal(p.order.status, 'pending');
  assert.deepEqual(p.lines, [{ externalLineId: '518995019', code: 'IPOD2008RED', masterSku: 'CUP', via: 'alias' }]);
  assert.deepEqual(p.flags, []);
  const unreadable = await call('POST', '/preview', { payload: { id: 1 } }, viewer);
  assert.deepEqual([unreadable.status, unreadable.body.error.code], [400, 'MAPPING.PAYLOAD_UNREADABLE']);
  const forbidden = await call('PUT', '/aliases', { aliases: [{ code: 'x', sku: 'CUP' }] }, viewer);
  assert.deepEqual([forbidden.status, forbidden.body.error.code], [403, 'AUTH.FORBIDDEN']);
  assert.equal((await call('GET', '', undefined, viewer)).body.rules.length, 3);
});

test('a rule that does not compile is refused with its position; one of the wrong type is refused with what came back', async () => {
  const base = `/api/v1/connections/${shopA}/mapping/rules`;
  const broken = await server.call('POST', base, { name: 'broken', target: 'attributes.gift', type: 'boolean', expression: 'note_attributes[name = "gift"' });
  assert.equal(broken.status, 400);
  assert.equal(broken.body.error.code, 'MAPPING.RULE_INVALID');
  assert.deepEqual([broken.body.error.details.position, broken.body.error.details.token], [29, '(end)']);
  assert.match(broken.body.error.message, /at character 29/);
  const wrong = await server.call('POST', base, { name: 'total', target: 'attributes.total', type: 'number', expression: 'total_price', sample: fixture });
  assert.deepEqual([wrong.status, wrong.body.error.code, wrong.body.error.details.returned], [400, 'MAPPING.RULE_WRONG_TYPE', 'the string "598.94"']);
  assert.match(wrong.body.error.message, /wrap the expression in \$number\(\)/);
  // Without a sample, the latest stored order record of the shop is the sample.
  const fromInbox = await server.call('POST', base, { name: 'total', target: 'attributes.total', type: 'number', expression: '$number(total_price)' });
  assert.equal(fromInbox.status, 201);
  assert.equal(fromInbox.body.sample.source, 'inbox');
  assert.equal(typeof fromInbox.body.sample.value, 'number');
  const again = await server.call('POST', base, { name: 'total', target: 'attributes.total', type: 'number', expression: '1' });
  assert.deepEqual([again.status, again.body.error.code], [409, 'MAPPING.RULE_EXISTS']);
  const removed = await server.call('DELETE', `${base}/${fromInbox.body.rule.id}`);
  assert.equal(removed.status, 200);
});

test('an alias is removed by its code written any way that normalises alike; an unknown code is refused', async () => {
  const base = `/api/v1/connections/${shopB}/mapping/aliases`;
  assert.equal((await server.call('PUT', base, { aliases: [{ code: 'box/12 pack', sku: 'CUP' }] })).status, 200);
  const removed = await server.call('DELETE', `${base}/${encodeURIComponent('ＢＯＸ／１２　ＰＡＣＫ')}`);
  assert.deepEqual([removed.status, removed.body], [200, { removed: 'BOX/12 PACK' }]);
  const again = await server.call('DELETE', `${base}/${encodeURIComponent('box/12 pack')}`);
  assert.deepEqual([again.status, again.body.error.code], [404, 'MAPPING.ALIAS_NOT_FOUND']);
  const unknownSku = await server.call('PUT', base, { aliases: [{ code: 'x', sku: 'NO-SUCH' }] });
  assert.deepEqual([unknownSku.status, unknownSku.body.error.code], [404, 'CATALOG.PRODUCT_NOT_FOUND']);
  const unknownShop = await server.call('GET', '/api/v1/connections/999999/mapping');
  assert.deepEqual([unknownShop.status, unknownShop.body.error.code], [404, 'CHANNEL.CONNECTION_NOT_FOUND']);
});

test('a rule change applies from the next batch on, after one version check per batch', async () => {
  const { mapping } = server.hub;
  const first = await mapping.orderMapper([shopB]);
  const statsBefore = mapping.cacheStats();
  const unchanged = await mapping.orderMapper([shopB]);
  assert.deepEqual(mapping.cacheStats(), { checks: statsBefore.checks + 1, compiles: statsBefore.compiles });
  const parsed = (await mapping.preview(shopB, fixture));
  assert.ok(parsed.ok);
  const order = { ...parsed.value.order, mapping: undefined };
  assert.deepEqual((await unchanged(shopB, order, fixture, 't')).mapping?.attributes, {});
  assert.ok((await mapping.createRule(shopB, { name: 'po', target: 'attributes.po', type: 'string', expression: 'po_number' }, 'test')).ok);
  const next = await mapping.orderMapper([shopB]);
  assert.deepEqual((await next(shopB, order, fixture, 't')).mapping?.attributes, { po: 'ABC123' });
  assert.deepEqual((await first(shopB, order, fixture, 't')).mapping?.attributes, {}, 'a batch keeps the mapping it started with');
});

test('the SKU map CSV round-trips; an import with a bad line applies nothing and names the line', async () => {
  const csvUrl = `${server.url}/api/v1/connections/${shopB}/mapping/sku-map.csv`;
  const auth = { authorization: `Bearer ${server.adminToken}` };
  const post = (text: string) => fetch(csvUrl, { method: 'POST', headers: { ...auth, 'content-type': 'text/csv' }, body: text }).then(async (r) => ({ status: r.status, body: await r.json() }));
  const exported = async () => {
    const r = await fetch(csvUrl, { headers: auth });
    assert.match(r.headers.get('content-type') ?? '', /^text\/csv/);
    return r.text();
  };
  assert.equal((await server.call('PUT', `/api/v1/connections/${shopB}/mapping/aliases`, { aliases: [{ code: 'gift box', sku: 'KIT' }] })).status, 200);
  const original = await exported();
  const listing = (await server.hub.channels.listListings(shopB))[0]!;
  assert.equal(original, `type,platform_item_id,platform_variant_id,platform_location_id,code,sku\nlisting,${listing.platformItemId},${listing.platformVariantId},${listing.platformLocationId},GIFTBOX-9,KIT\nalias,,,,gift box,KIT\n`);
  assert.deepEqual((await post(original)).body, { listingsMapped: 0, listingsUnmapped: 0, aliasesSet: 0, aliasesRemoved: 0, reinterpreted: 0 });

  const edited = original.replace('gift box,KIT', 'gift box,CUP') + 'alias,,,,ｍｕｇ,NO-SUCH\nlisting,999,1,,X,TEA\n';
  const refused = await post(edited);
  assert.deepEqual([refused.status, refused.body.error.code], [400, 'MAPPING.CSV_INVALID']);
  assert.deepEqual(refused.body.error.details.lines.map((l: any) => l.line), [4, 5]);
  assert.match(refused.body.error.details.lines[0].message, /no product has SKU "NO-SUCH"/);
  assert.equal(await exported(), original, 'nothing was applied');

  const applied = await post(original.replace('gift box,KIT', 'gift box,CUP').replace('GIFTBOX-9,KIT', 'GIFTBOX-9,') + 'alias,,,,ｍｕｇ,TEA\n');
  assert.deepEqual(applied.body, { listingsMapped: 0, listingsUnmapped: 1, aliasesSet: 2, aliasesRemoved: 0, reinterpreted: 0 });
  assert.equal(await exported(), original.replace('GIFTBOX-9,KIT', 'GIFTBOX-9,').replace('alias,,,,gift box,KIT\n', 'alias,,,,gift box,CUP\nalias,,,,ｍｕｇ,TEA\n'));
});

test('omnisync mapping import applies a CSV file and export prints the map; a bad line is named and nothing applied', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omnisync-mapping-'));
  const schema = `map_cli_${process.pid}`;
  const env: NodeJS.ProcessEnv = { ...process.env, OMNISYNC_DATA_DIR: dir, LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { OMNISYNC_DB_SCHEMA: schema } : {}) };
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l), progress: () => undefined }, env);
    return { code, out: out.join('\n'), err: err.join('\n') };
  };
  const file = (name: string, text: string) => (fs.writeFileSync(path.join(dir, name), text), path.join(dir, name));
  try {
    assert.equal((await cli('import', 'products', file('products.csv', 'sku,name\nTEA,Tea\n'))).code, 0);
    const created = await cli('connections', 'create', '--name', 'S', '--platform', 'shopify', '--base-url', 'http://127.0.0.1:9', '--credentials-file', file('c.json', '{"accessToken":"t","apiSecret":"s"}'));
    const id = created.out.split('\t')[0]!;
    const bad = await cli('mapping', 'import', '--connection', id, file('bad.csv', 'type,platform_item_id,platform_variant_id,platform_location_id,code,sku\nalias,,,,tea leaf,TEA\nalias,,,,cup,NOPE\n'));
    assert.equal(bad.code, 1);
    assert.match(bad.err, /MAPPING\.CSV_INVALID[\s\S]*line 3: no product has SKU "NOPE"/);
    const good = await cli('mapping', 'import', '--connection', id, file('good.csv', 'type,platform_item_id,platform_variant_id,platform_location_id,code,sku\nalias,,,,tea leaf,TEA\n'));
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /aliases set 1/);
    const exported = await cli('mapping', 'export', '--connection', id);
    assert.equal(exported.out, 'type,platform_item_id,platform_variant_id,platform_location_id,code,sku\nalias,,,,tea leaf,TEA');
  } finally {
    if (process.env.DATABASE_URL) {
      const store = await openStore({ databaseUrl: process.env.DATABASE_URL });
      await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(store.db);
      await store.close();
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
