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
      // A process that only serves the API has no workers ('not started'); one shutting down has stopped them.
      const workers = services.sync.workersState();
      const status = pending.length > 0 ? 'migrations pending' : workers === 'stopped' ? 'workers stopped' : 'ready';
      return reply.code(status === 'ready' ? 200 : 503).send({ status, store: services.store.kind, pendingMigrations: pending, workers });
    } catch (err) {
      return reply.code(503).send({ status: 'database unreachable', store: services.store.kind, error: (err as Error).message });
    }
  });
}
