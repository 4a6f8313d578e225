/**
 * Compiled mappings per connection, kept between batches. Before each batch one query reads the
 * stored versions of the connections in it; only a connection whose version moved is loaded and
 * compiled again. Every change bumps the version in its own transaction, so a change committed
 * before a batch starts applies to every record of that batch, in every process.
 */
import type { Db } from '../store/index.ts';
import { compileMapping, emptyMapping, type CompiledMapping } from './apply.ts';
import { loadDefinitions, versionsOf } from './store.ts';

export interface MappingCacheStats {
  /** Version queries (one per batch). */
  checks: number;
  /** Connections loaded and compiled again because their version moved. */
  compiles: number;
}

export class MappingCache {
  private readonly compiled = new Map<string, CompiledMapping>();
  private readonly counters: MappingCacheStats = { checks: 0, compiles: 0 };

  constructor(private readonly db: Db) {}

  async forConnections(connectionIds: string[]): Promise<Map<string, CompiledMapping>> {
    const ids = [...new Set(connectionIds)];
    if (ids.length === 0) return new Map();
    const versions = await versionsOf(this.db, ids);
    this.counters.checks++;
    const stale = ids.filter((id) => this.compiled.get(id)?.version !== versions.get(id));
    const definitions = await loadDefinitions(this.db, stale.filter((id) => versions.get(id) !== '0'));
    for (const id of stale) {
      const version = versions.get(id)!;
      const definition = definitions.get(id);
      this.compiled.set(id, definition ? compileMapping(definition, version) : emptyMapping(version));
      this.counters.compiles++;
    }
    return new Map(ids.map((id) => [id, this.compiled.get(id)!]));
  }

  stats(): MappingCacheStats {
    return { ...this.counters };
  }
}
