/**
 * Channels: the shops the hub sells through (connections), their listings and how much of the
 * available stock each is shown. Credentials are sealed at rest and only opened to make a call.
 */
import type { CatalogService } from '../catalog/index.ts';
import type { Connector, ConnectionContext, PlatformKind } from '../connectors/types.ts';
import { failure, ok, type Result } from '../errors/index.ts';
import type { ConnectionStatus, Db } from '../store/index.ts';
import type { AllocationRule } from './allocation.ts';
import {
  contextOf, createConnection, getConnection, listConnections, recordCall, updateConnection,
  type Connection, type ConnectionInput, type ConnectionPatch,
} from './connections.ts';
import { getListing, listListings, mapListing, recordPush, upsertListings, type Listing } from './listings.ts';
import type { SecretBox } from './secrets.ts';

export { allocationRuleSchema, effectiveRule, publishedQuantity, type AllocationRule } from './allocation.ts';
export { createSecretBox, loadSecretKey, type SecretBox } from './secrets.ts';
export type { Connection, ConnectionInput, ConnectionPatch } from './connections.ts';
export type { Listing } from './listings.ts';
export { listingIdsFor, listingMastersFor, setListingProducts } from './listings.ts';

export interface ChannelService {
  create(input: ConnectionInput): Promise<Result<Connection>>;
  list(): Promise<Connection[]>;
  get(id: string): Promise<Result<Connection>>;
  update(id: string, patch: ConnectionPatch): Promise<Result<Connection>>;
  /** The connector and a call context (credentials opened, calls rate-limited across processes). */
  context(id: string): Promise<Result<{ connection: Connection; connector: Connector; ctx: ConnectionContext }>>;
  /** The connector of a connection, for reading its payloads (a connection never changes platform: remembered). */
  connectorOf(id: string): Promise<Result<Connector>>;
  /** Reads the shop's listings and records them, mapping new ones whose seller SKU means a master SKU (exactly, after normalisation, or by alias). */
  refreshListings(id: string): Promise<Result<{ listings: number; mapped: number }>>;
  listListings(connectionId: string): Promise<Listing[]>;
  getListing(id: string): Promise<Listing | undefined>;
  mapListing(id: string, sku: string | null, allocation?: AllocationRule | null): Promise<Result<Listing>>;
  recordPush(listingId: string, qty: number, ack: unknown): Promise<void>;
  recordCall(connectionId: string, outcome: { kind: 'pull' | 'push'; error?: string | undefined; cursor?: Date | undefined }): Promise<void>;
}

export interface ChannelOptions {
  db: Db;
  secrets: SecretBox;
  catalog: Pick<CatalogService, 'resolveSkus' | 'listProducts'>;
  connectorFor(kind: PlatformKind): Connector;
  /** Wraps the fetch of a connection's calls (the sync module's shared rate limit). */
  fetchFor?: (connectionId: string, connector: Connector) => typeof fetch;
  /** In the transaction that maps a listing: orders held for an unmapped SKU are interpreted again (src/mapping). */
  onListingMapped?: (trx: Db, connectionId: string) => Promise<void>;
  /**
   * The product each seller SKU code means on this connection (src/mapping: alias, or a master SKU
   * equal after normalisation), keyed by the trimmed code; without it, only an exact master SKU.
   */
  mastersForSellerSkus?: (connectionId: string, sellerSkus: string[]) => Promise<Map<string, string>>;
  now?: () => Date;
}

async function allMasterSkus(catalog: ChannelOptions['catalog'], sellerSkus: string[]): Promise<Map<string, string>> {
  const found = await catalog.resolveSkus([...new Set(sellerSkus.map((s) => s.trim()).filter(Boolean))]);
  return new Map([...found.values()].map((p) => [p.sku, p.id]));
}

export function createChannelService(options: ChannelOptions): ChannelService {
  const { db } = options;
  const deps = { db, secrets: options.secrets, connectorFor: options.connectorFor };
  const platforms = new Map<string, PlatformKind>();
  const service: ChannelService = {
    create: (input) => createConnection(deps, input),
    list: () => listConnections(db),
    get: (id) => getConnection(db, id),
    update: (id, patch) => updateConnection(deps, id, patch),
    async context(id) {
      const found = await contextOf(deps, id, options.now);
      if (!found.ok || !options.fetchFor) return found;
      const { connector, ctx } = found.value;
      return ok({ ...found.value, ctx: { ...ctx, fetch: options.fetchFor(id, connector) } });
    },
    async connectorOf(id) {
      let platform = platforms.get(id);
      if (!platform) {
        const connection = await getConnection(db, id);
        if (!connection.ok) return connection;
        platform = connection.value.platform;
        platforms.set(id, platform);
      }
      return ok(options.connectorFor(platform));
    },
    async refreshListings(id) {
      const context = await service.context(id);
      if (!context.ok) return context;
      const { connector, ctx } = context.value;
      let listings = 0;
      let mapped = 0;
      try {
        for await (const page of connector.listListings(ctx)) {
          const sellerSkus = page.map((l) => l.sellerSku);
          const masters = options.mastersForSellerSkus ? await options.mastersForSellerSkus(id, sellerSkus) : await allMasterSkus(options.catalog, sellerSkus);
          listings += await upsertListings(db, id, page, masters);
          mapped += page.filter((l) => masters.has(l.sellerSku.trim())).length;
        }
      } catch (err) {
        return failure('CHANNEL.UNREACHABLE', `Could not read the listings: ${err instanceof Error ? err.message : String(err)}`, { connectionId: id });
      }
      return ok({ listings, mapped });
    },
    listListings: (connectionId) => listListings(db, connectionId),
    getListing: (id) => getListing(db, id),
    async mapListing(id, sku, allocation) {
      let productId: string | null = null;
      if (sku !== null) {
        const product = (await options.catalog.resolveSkus([sku])).get(sku);
        if (!product) return failure('CATALOG.PRODUCT_NOT_FOUND', `No product has SKU "${sku}".`, { sku });
        productId = product.id;
      }
      const listing = await db.transaction().execute(async (trx) => {
        const mapped = await mapListing(trx, id, productId, allocation);
        if (mapped && productId !== null) await options.onListingMapped?.(trx, mapped.connectionId);
        return mapped;
      });
      return listing ? ok(listing) : failure('CHANNEL.LISTING_NOT_FOUND', `No listing has id ${id}.`, { listingId: id });
    },
    recordPush: (listingId, qty, ack) => recordPush(db, listingId, qty, ack),
    recordCall: (connectionId, outcome) => recordCall(db, connectionId, outcome),
  };
  return service;
}
