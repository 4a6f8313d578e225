/**
 * Incremental trade pull: taobao.trades.sold.increment.get lists the trades modified in a span
 * (tid, modified, status only), then taobao.trade.fullinfo.get reads each trade with its orders.
 */
import { recordOf, textOf } from '../payload.ts';
import type { ConnectionContext, PullWindow, RawRecord } from '../types.ts';
import { retryingRead } from '../http.ts';
import { callTop, totalResultsOf } from './client.ts';
import { taobaoTradeRecord, tidOf, topListOf } from './order.ts';
import { formatTopTime, topTimeToIso } from './time.ts';

export const TAOBAO_PULL_TOPIC = 'trade/pull';
/** The largest page the increment API serves (page_size 1-100). */
export const INCREMENT_PAGE_SIZE = 100;
const DETAIL_BATCH = 10;
const INCREMENT_FIELDS = 'tid,modified,status';
const FULLINFO_FIELDS = [
  'tid', 'tid_str', 'status', 'type', 'created', 'modified', 'pay_time', 'consign_time', 'end_time',
  'payment', 'total_fee', 'post_fee', 'buyer_nick', 'buyer_open_uid', 'buyer_message', 'buyer_memo', 'seller_memo', 'seller_flag',
  'receiver_name', 'receiver_state', 'receiver_city', 'receiver_district', 'receiver_town', 'receiver_address', 'receiver_zip',
  'receiver_mobile', 'receiver_phone', 'receiver_country', 'orders',
].join(',');

/** The window cut into consecutive spans of at most `chunkMs`. */
export function chunksOf(window: PullWindow, chunkMs: number): PullWindow[] {
  const chunks: PullWindow[] = [];
  for (let from = window.from.getTime(); from < window.to.getTime(); from += chunkMs) {
    chunks.push({ from: new Date(from), to: new Date(Math.min(from + chunkMs, window.to.getTime())) });
  }
  return chunks;
}

/** Every trade modified in the window, read in full, page by page; a trade seen twice in the window is read once. */
export async function* pullTaobaoTrades(ctx: ConnectionContext, window: PullWindow, chunkMs: number): AsyncIterable<RawRecord[]> {
  const seen = new Set<string>();
  for (const chunk of chunksOf(window, chunkMs)) {
    for await (const versions of modifiedTradesIn(ctx, chunk)) {
      const unseen = versions.filter((v) => !seen.has(v.externalId));
      const held = unseen.length > 0 && window.alreadyHeld ? await window.alreadyHeld(unseen) : new Set<string>();
      for (const v of unseen) if (held.has(v.externalId)) seen.add(v.externalId);
      const fresh = unseen.filter((v) => !held.has(v.externalId)).map((v) => v.externalId);
      if (fresh.length === 0) continue;
      // Small batches: what was read is stored before a later call fails, and a retried pull skips it.
      for (let i = 0; i < fresh.length; i += DETAIL_BATCH) {
        const records: RawRecord[] = [];
        for (const tid of fresh.slice(i, i + DETAIL_BATCH)) {
          records.push(await fullTrade(ctx, tid));
          seen.add(tid);
        }
        yield records;
      }
    }
  }
}

/**
 * The tids of one span, page by page, from the LAST page back to the first. Results are sorted by
 * modified, newest first. A trade modified while we page leaves the span (its new modified time is
 * past end_modified) and every trade after it moves one place towards page 1. Read forwards, a
 * trade that moves from page k+1 onto page k after page k was read is never seen; read backwards,
 * trades only move onto pages not read yet, so none is missed (some are seen twice, hence the
 * dedupe). Page 1 is read first only for total_results, and read again last.
 */
type TradeVersion = { externalId: string; updatedAt: string };

async function* modifiedTradesIn(ctx: ConnectionContext, span: PullWindow): AsyncIterable<TradeVersion[]> {
  const first = await incrementPage(ctx, span, 1);
  const lastPage = Math.ceil(first.total / INCREMENT_PAGE_SIZE);
  if (lastPage <= 1) {
    yield first.trades;
    return;
  }
  for (let page = lastPage; page >= 1; page -= 1) yield (await incrementPage(ctx, span, page)).trades;
}

async function incrementPage(ctx: ConnectionContext, span: PullWindow, page: number): Promise<{ total: number; trades: TradeVersion[] }> {
  const reply = await retryingRead(() => callTop(ctx, 'taobao.trades.sold.increment.get', {
    fields: INCREMENT_FIELDS,
    start_modified: formatTopTime(span.from),
    end_modified: formatTopTime(span.to),
    page_no: page,
    page_size: INCREMENT_PAGE_SIZE,
    use_has_next: false, // so that total_results is returned
  }));
  const trades = topListOf(reply, 'trades', 'trade').map((t, i) => {
    const trade = recordOf(t, `trades.trade[${i}]`);
    const modified = textOf(trade.modified);
    return { externalId: tidOf(trade), updatedAt: modified ? topTimeToIso(modified, 'modified') : '' };
  });
  return { total: totalResultsOf(reply), trades };
}

async function fullTrade(ctx: ConnectionContext, tid: string): Promise<RawRecord> {
  const reply = await retryingRead(() => callTop(ctx, 'taobao.trade.fullinfo.get', { fields: FULLINFO_FIELDS, tid }));
  return taobaoTradeRecord(TAOBAO_PULL_TOPIC, recordOf(reply.trade, `trade ${tid}`));
}
