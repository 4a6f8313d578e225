import { sql } from 'kysely';
import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { pendingMigrations } from '../../store/index.ts';
import type { ApiApp } from '../server.ts';

export function healthRoutes(app: ApiApp, services: HubServices): void {
  // Public like /healthz: counts and ages only, no order, buyer or credential in any label.
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_request, reply) => {
    const { registry } = services.metrics;
    return reply.header('content-type', registry.contentType).send(await registry.metrics());
  });

  app.get('/healthz', {
    config: { public: true },
    schema: { hide: true, response: { 200: z.object({ status: z.literal('ok') }) } },
  }, async () => ({ status: 'ok' as const }));

  app.get('/readyz', {
    config: { public: true },
    schema: { hide: true },
  }, async (_request, reply) => {
    try {
      await sql`SELECT 1`.execute(services.store.db);
      const pending = await pendingMigrations(services.store.db);
      const ready = pending.length === 0;
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'migrations pending', store: services.store.kind, pendingMigrations: pending });
    } catch (err) {
      return reply.code(503).send({ status: 'database unreachable', store: services.store.kind, error: (err as Error).message });
    }
  });
}
