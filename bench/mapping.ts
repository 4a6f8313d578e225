/**
 * Mapping throughput: raw payloads interpreted per second, per platform. What one ingest worker does
 * per record before the database: parse the stored JSON (big integers intact), the connector's
 * reading, the connection's mapping (a status override and three JSONata field rules) and the SKU
 * resolution of every line. The records are real ones: each simulator sells, the connector pulls.
 */
import { parseJsonPreservingBigInts, stringifyJsonWithBigInts, connectorFor, type PlatformKind, type RawRecord } from '../src/connectors/index.ts';
import { applyMapping, compileMapping, emptySkuMaps, normaliseSku, resolveLine } from '../src/mapping/index.ts';
import { startSims, type RunningSims } from '../src/demo/sims.ts';
import type { BenchRow } from './sync.ts';

const CATALOG = Array.from({ length: 12 }, (_, i) => ({ sku: `MAP-${String(i).padStart(3, '0')}`, qty: 100_000, price: '9.90' }));

const mapping = compileMapping({
  statusOverrides: [{ platformStatus: 'on-hold', status: 'pending' }],
  rules: [
    { name: 'gift wrap', target: 'attributes.giftWrap', type: 'boolean', expression: "$contains($lowercase($string(note ? note : (buyer_message ? buyer_message : ''))), 'gift')", enabled: true, position: 1 },
    { name: 'invoice title', target: 'attributes.invoiceTitle', type: 'string', expression: "billing.company ? billing.company : (BuyerInfo.BuyerName ? BuyerInfo.BuyerName : 'personal')", enabled: true, position: 2 },
    { name: 'line count', target: 'attributes.lineCount', type: 'number', expression: '$count(line_items) + $count(orders.order)', enabled: true, position: 3 },
  ],
}, 'bench');

function credentialsFor(sims: RunningSims, platform: PlatformKind): { baseUrl: string; credentials: Record<string, string> } {
  const s = sims as unknown as Record<string, Record<string, string>>;
  const { url, ...credentials } = s[platform]!;
  return { baseUrl: url!, credentials };
}

async function recordsOf(sims: RunningSims, platform: PlatformKind, count: number): Promise<RawRecord[]> {
  await sims.control(platform, 'generate', { count, perSecond: 500 });
  await sims.control(platform, 'idle', { timeoutMs: 60_000 });
  const { baseUrl, credentials } = credentialsFor(sims, platform);
  const connector = connectorFor(platform);
  const ctx = { baseUrl, credentials, fetch, now: () => new Date() };
  const records: RawRecord[] = [];
  const now = Date.now();
  for await (const page of connector.pullOrders(ctx, { from: new Date(now - 3_600_000), to: new Date(now + 60_000) })) records.push(...page);
  return records;
}

export async function benchMapping(iterations: number): Promise<BenchRow[]> {
  const platforms: PlatformKind[] = ['shopify', 'taobao', 'woocommerce', 'amazon'];
  const sims = await startSims({ seed: 11, config: { catalogs: Object.fromEntries(platforms.map((p) => [p, CATALOG])), amazonOrdersLagMs: 0 } });
  const masters = CATALOG.map((c, i) => ({ sku: c.sku, productId: String(i + 1) }));
  const maps = { ...emptySkuMaps(), mastersByNormalised: new Map(masters.map((m) => [normaliseSku(m.sku), [m]])) };
  const rows: BenchRow[] = [];
  try {
    for (const platform of platforms) {
      // Amazon's getOrders allows a burst of 20 calls, each 100 orders: a small sample is plenty.
      const records = await recordsOf(sims, platform, platform === 'amazon' ? 60 : 200);
      if (records.length === 0) throw new Error(`bench: no ${platform} records pulled`);
      const stored = records.map((r) => ({ ...r, payload: stringifyJsonWithBigInts(r.payload) }));
      const connector = connectorFor(platform);
      let lines = 0;
      const started = process.hrtime.bigint();
      for (let i = 0; i < iterations; i++) {
        const r = stored[i % stored.length]!;
        const payload = parseJsonPreservingBigInts(r.payload);
        const order = connector.parseOrder({ ...r, payload });
        const mapped = await applyMapping(order, payload, mapping, { topic: r.topic });
        for (const line of mapped.order.lines) if (resolveLine(line, maps).masterSku !== null) lines++;
      }
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      rows.push({ store: '-', scenario: `mapping: ${platform} raw payload → mapped canonical order`, ops: iterations, seconds, note: `${records.length} distinct pulled records, ${lines} lines resolved, 3 JSONata rules each` });
    }
  } finally {
    await sims.stop();
  }
  return rows;
}
