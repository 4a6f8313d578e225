import { sql } from 'kysely';
import { openStore, migrate } from './src/store/index.ts';
const store = await openStore({ memory: true });
await migrate(store.db);
const db = store.db;
const N = 100_000, B = 500;
await sql`INSERT INTO products (sku, name) SELECT 'V-' || g, 'n' || g FROM generate_series(0, ${N}) g`.execute(db);
for (const variant of ['all+forupdate', 'all', 'fields', 'none-match']) {
  const t = performance.now();
  for (let s = 0; s < N; s += B) {
    const skus = Array.from({ length: B }, (_, k) => `${variant === 'none-match' ? 'X' : 'V'}-${s + k}`);
    let q = db.selectFrom('products').select(variant === 'fields' ? ['id', 'sku', 'name', 'barcode', 'category', 'unit_cost', 'price', 'currency', 'is_bundle'] : ['id', 'sku', 'name', 'barcode', 'category', 'unit_cost', 'price', 'currency', 'is_bundle', 'archived_at', 'created_at', 'updated_at']).where(sql<boolean>`sku = any(${skus}::text[])`);
    if (variant === 'all+forupdate') q = q.orderBy('sku').forUpdate();
    await q.execute();
  }
  console.log(variant, Math.round(performance.now() - t));
}
await store.close();
