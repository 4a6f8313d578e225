import { z } from 'zod';
import { PLATFORM_KINDS } from '../../connectors/index.ts';
import type { HubServices } from '../../hub.ts';
import { errorBody, sendFailure } from '../errors.ts';
import type { ApiApp } from '../server.ts';

/**
 * Platform webhooks. Authenticated by the platform's signature, not a token; the raw bytes are kept
 * for the signature and for the inbox (big integers intact). Answered as soon as the body is stored:
 * Shopify allows 5 s and retries otherwise; interpretation runs on the workers.
 */
export async function webhookRoutes(app: ApiApp, { sync }: HubServices): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 5 * 1024 * 1024 }, (_request, body, done) => done(null, body));
    (scope as ApiApp).post('/webhooks/:platform/:connectionId', {
      config: { public: true },
      schema: { hide: true, params: z.object({ platform: z.enum(PLATFORM_KINDS), connectionId: z.string().regex(/^\d+$/) }) },
    }, async (request, reply) => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const result = await sync.receiveWebhook(request.params.connectionId, request.headers, raw);
      if (!result.ok) return sendFailure(reply, result);
      if (!result.value.accepted) return reply.code(401).send(errorBody('WEBHOOK.INVALID_SIGNATURE', `Webhook refused: ${result.value.reason}. The body was recorded.`));
      return reply.code(200).send({ received: true, duplicate: result.value.duplicate });
    });
  });
}
