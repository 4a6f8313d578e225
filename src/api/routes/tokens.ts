import { z } from 'zod';
import { roles } from '../../access/index.ts';
import type { HubServices } from '../../hub.ts';
import { actorOf } from '../auth.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const tokenInfo = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(roles),
  prefix: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});

export function tokenRoutes(app: ApiApp, { access }: HubServices): void {
  app.get('/tokens', {
    config: { role: 'admin' },
    schema: { tags: ['access'], summary: 'List access tokens (secrets are never shown again)', response: { 200: z.object({ items: z.array(tokenInfo) }) } },
  }, async () => ({ items: await access.listTokens() }));

  app.post('/tokens', {
    config: { role: 'admin' },
    schema: {
      tags: ['access'],
      summary: 'Create an access token; the secret is in this response only',
      body: z.object({ name: z.string().trim().min(1).max(100), role: z.enum(roles) }),
      response: { 201: tokenInfo.extend({ token: z.string() }) },
    },
  }, async (request, reply) => {
    const created = await access.createToken({ ...request.body, createdBy: actorOf(request) });
    return reply.code(201).send(created);
  });

  app.delete('/tokens/:id', {
    config: { role: 'admin' },
    schema: {
      tags: ['access'],
      summary: 'Revoke an access token',
      params: z.object({ id: z.string().regex(/^\d+$/) }),
      response: { 200: tokenInfo, 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await access.revokeToken(request.params.id);
    return result.ok ? result.value : sendFailure(reply, result);
  });
}
