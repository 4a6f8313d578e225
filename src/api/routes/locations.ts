import { z } from 'zod';
import type { HubServices } from '../../hub.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, locationCodeSchema } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const kind = z.enum(['warehouse', 'store', '3pl']);
const location = z.object({ code: z.string(), name: z.string(), kind, createdAt: z.string(), updatedAt: z.string() });

export function locationRoutes(app: ApiApp, { inventory }: HubServices): void {
  app.post('/locations', {
    schema: {
      tags: ['locations'], summary: 'Create a warehouse, store or 3PL location',
      body: z.object({ code: locationCodeSchema, name: z.string().trim().min(1).max(200), kind }),
      response: { 201: location, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await inventory.createLocation(request.body);
    return result.ok ? reply.code(201).send(result.value) : sendFailure(reply, result);
  });

  app.get('/locations', {
    schema: { tags: ['locations'], summary: 'List locations', response: { 200: z.object({ items: z.array(location) }) } },
  }, async () => ({ items: await inventory.listLocations() }));

  app.get('/locations/:code', {
    schema: { tags: ['locations'], summary: 'Get a location', params: z.object({ code: locationCodeSchema }), response: { 200: location, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await inventory.getLocation(request.params.code);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.patch('/locations/:code', {
    schema: {
      tags: ['locations'], summary: 'Rename a location or change its kind',
      params: z.object({ code: locationCodeSchema }),
      body: z.object({ name: z.string().trim().min(1).max(200).optional(), kind: kind.optional() }),
      response: { 200: location, 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await inventory.updateLocation(request.params.code, request.body);
    return result.ok ? result.value : sendFailure(reply, result);
  });
}
