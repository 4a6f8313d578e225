import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type RawReplyDefaultExpression, type RawRequestDefaultExpression, type RawServerDefault } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { HubServices } from '../hub.ts';
import { authHook } from './auth.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { healthRoutes } from './routes/health.ts';
import { locationRoutes } from './routes/locations.ts';
import { productRoutes } from './routes/products.ts';
import { reservationRoutes } from './routes/reservations.ts';
import { stockRoutes } from './routes/stock.ts';
import { tokenRoutes } from './routes/tokens.ts';
import { channelRoutes } from './routes/channels.ts';
import { mappingRoutes } from './routes/mapping.ts';
import { syncRoutes } from './routes/sync.ts';
import { reconcileRoutes } from './routes/reconcile.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { partnerRoutes, partnerWebhookRoutes } from './routes/partners.ts';
import { reviewRoutes } from './routes/review.ts';
import { auditRoutes } from './routes/audit.ts';
import { alertRoutes } from './routes/alerts.ts';

export type ApiApp = FastifyInstance<RawServerDefault, RawRequestDefaultExpression, RawReplyDefaultExpression, FastifyBaseLogger, ZodTypeProvider>;

export interface ServerOptions {
  logger?: FastifyBaseLogger | boolean;
  version?: string;
}

export async function buildServer(services: HubServices, options: ServerOptions = {}): Promise<ApiApp> {
  const app = Fastify({
    loggerInstance: typeof options.logger === 'object' ? options.logger : undefined,
    logger: typeof options.logger === 'boolean' ? options.logger : undefined,
    bodyLimit: 10 * 1024 * 1024,
    requestIdHeader: 'x-request-id',
    // Per-request lines would drown the log at thousands of requests a second; failures are logged below.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Omnisync API', description: 'Order-sync and inventory hub. Every route under /api/v1 needs `Authorization: Bearer <token>`.', version: options.version ?? '1' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', authHook(services.access));
  app.addHook('onResponse', async (request, reply) => {
    if (reply.statusCode >= 500) request.log.warn({ method: request.method, url: request.url, status: reply.statusCode }, 'request failed');
  });

  healthRoutes(app, services);
  await webhookRoutes(app, services);
  await partnerWebhookRoutes(app, services);
  await app.register(
    async (v1) => {
      const api = v1 as ApiApp;
      productRoutes(api, services);
      locationRoutes(api, services);
      stockRoutes(api, services);
      reservationRoutes(api, services);
      tokenRoutes(api, services);
      channelRoutes(api, services);
      await mappingRoutes(api, services);
      syncRoutes(api, services);
      reconcileRoutes(api, services);
      partnerRoutes(api, services);
      reviewRoutes(api, services);
      auditRoutes(api, services);
      alertRoutes(api, services);
    },
    { prefix: '/api/v1' },
  );
  return app;
}
