/** Review rule parameters: the merchant's ('default') over the built-in defaults, a connection's over both. */
import { recordAudit } from '../audit/index.ts';
import type { Db } from '../store/index.ts';
import { mergeSettings, type ReviewSettings } from './review-rules.ts';

export interface SettingsByScope {
  for(connectionId: string): ReviewSettings;
}

type Layer = Partial<Record<keyof ReviewSettings, object>>;

async function storedLayers(db: Db): Promise<Map<string, Layer>> {
  const rows = await db.selectFrom('review_settings').select(['scope', 'settings']).execute();
  return new Map(rows.map((r) => [r.scope, r.settings as Layer]));
}

export async function loadSettings(db: Db): Promise<SettingsByScope> {
  return settingsFrom(await storedLayers(db));
}

function settingsFrom(layers: Map<string, Layer>): SettingsByScope {
  const merchant = mergeSettings(layers.get('default'));
  const byConnection = new Map<string, ReviewSettings>();
  return {
    for(connectionId) {
      const layer = layers.get(connectionId);
      if (!layer) return merchant;
      if (!byConnection.has(connectionId)) byConnection.set(connectionId, mergeSettings(layers.get('default'), layer));
      return byConnection.get(connectionId)!;
    },
  };
}

/** The stored layer of one scope (what the merchant set), and the settings in force there. */
export async function settingsOf(db: Db, scope: string): Promise<{ scope: string; stored: Layer; effective: ReviewSettings }> {
  const layers = await storedLayers(db);
  return { scope, stored: layers.get(scope) ?? {}, effective: settingsFrom(layers).for(scope === 'default' ? '' : scope) };
}

/** Replaces one scope's stored layer; audited with before and after. */
export async function saveSettings(db: Db, scope: string, layer: Layer, actor: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('review_settings').select('settings').where('scope', '=', scope).forUpdate().executeTakeFirst();
    await trx.insertInto('review_settings').values({ scope, settings: JSON.stringify(layer), updated_by: actor })
      .onConflict((oc) => oc.column('scope').doUpdateSet({ settings: JSON.stringify(layer), updated_by: actor, updated_at: new Date() })).execute();
    await recordAudit(trx, { actor, action: 'review.settings', subjectType: 'review_settings', subjectId: scope, before: before?.settings ?? null, after: layer });
  });
}
