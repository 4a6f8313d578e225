/** What the mapping service needs from the rest of the hub (wired in src/hub.ts), and the helpers its parts share. */
import type { CatalogService } from '../catalog/index.ts';
import type { ChannelService } from '../channels/index.ts';
import { parseJsonPreservingBigInts } from '../connectors/index.ts';
import type { CanonicalOrder, Connector } from '../connectors/types.ts';
import { failure, type Failure, type Result } from '../errors/index.ts';
import type { Db } from '../store/index.ts';
import type { MappingCache } from './cache.ts';

export interface MappingDeps {
  db: Db;
  catalog: Pick<CatalogService, 'resolveSkus'>;
  channels: Pick<ChannelService, 'get' | 'connectorOf' | 'listListings'>;
  /** Orders of the connection held for UNMAPPED_SKU: the inbox ids of the records they were last read from. */
  unmappedRecords(trx: Db, connectionId: string): Promise<string[]>;
  /** Queues stored records for interpretation again, in the caller's transaction (the outbox). */
  reinterpret(trx: Db, connectionId: string, inboxIds: string[]): Promise<void>;
  /** The latest stored order record of a connection: the sample a rule is checked on when the request brings none. */
  latestRecord?(connectionId: string): Promise<{ payload: string; topic: string } | undefined>;
  /** Listings an import mapped: their quantities are pushed after it commits. */
  pushListings?(listingIds: string[]): Promise<void>;
}

export interface MappingContext extends MappingDeps {
  cache: MappingCache;
}

/** Every call names a connection; an unknown one is refused before anything else. */
export async function connectorOfConnection(ctx: MappingContext, connectionId: string): Promise<Result<Connector>> {
  const connection = await ctx.channels.get(connectionId);
  if (!connection.ok) return connection;
  return ctx.channels.connectorOf(connectionId);
}

/**
 * A sample payload read as the connector reads a stored record. A string is parsed big-int safe
 * (send the raw body as a string to keep ids beyond 2^53 exact); an object is taken as it is.
 */
export function readSample(connector: Connector, sample: unknown, topic: string | undefined): { ok: true; payload: unknown; order: CanonicalOrder } | Failure {
  let payload = sample;
  try {
    if (typeof sample === 'string') payload = parseJsonPreservingBigInts(sample);
    const order = connector.parseOrder({ externalId: '', updatedAt: null, topic: topic ?? 'preview', payload });
    return { ok: true, payload, order };
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return failure('MAPPING.PAYLOAD_UNREADABLE', `The payload cannot be read as a ${connector.kind} order: ${reason}.`, { platform: connector.kind, reason });
  }
}

