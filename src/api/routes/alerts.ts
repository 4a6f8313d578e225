import { z } from 'zod';
import { ruleKinds } from '../../alerts/index.ts';
import type { HubServices } from '../../hub.ts';
import { actorOf } from '../auth.ts';
import { sendFailure } from '../errors.ts';
import { errorBodySchema, pageQuery } from '../schemas.ts';
import type { ApiApp } from '../server.ts';

const statuses = ['open', 'acknowledged', 'snoozed', 'resolved'] as const;
const alert = z.object({
  id: z.string(), rule: z.string(), subject: z.string(), status: z.enum(statuses), severity: z.enum(['info', 'warning', 'critical']), message: z.string(),
  values: z.record(z.string(), z.unknown()), occurrences: z.number(), firstSeenAt: z.string(), lastSeenAt: z.string(),
  acknowledgedBy: z.string().nullable(), acknowledgedAt: z.string().nullable(), snoozedUntil: z.string().nullable(), resolvedAt: z.string().nullable(),
});
const ruleSetting = z.object({ rule: z.string(), enabled: z.boolean(), params: z.record(z.string(), z.unknown()), updatedBy: z.string().nullable(), updatedAt: z.string().nullable() });
const webhook = z.object({ id: z.string(), url: z.string(), enabled: z.boolean(), createdBy: z.string(), createdAt: z.string() });
const idParams = z.object({ id: z.string().regex(/^\d+$/, 'must be an id') });
const ruleParams = z.object({ rule: z.string().describe(ruleKinds.join(', ')) });

/** Alerts: anyone signed in reads them; operators acknowledge, snooze and evaluate; admins set rules and webhooks. */
export function alertRoutes(app: ApiApp, { alerts }: HubServices): void {
  app.get('/alerts', {
    schema: {
      tags: ['alerts'], summary: 'Alerts, newest first, by status and rule',
      querystring: pageQuery.extend({ status: z.enum(statuses).optional(), rule: z.string().optional(), subject: z.string().optional() }),
      response: { 200: z.object({ items: z.array(alert), nextCursor: z.string().nullable() }) },
    },
  }, async (request) => alerts.list(request.query));

  app.post('/alerts/evaluate', {
    schema: { tags: ['alerts'], summary: 'Judge every enabled rule now', response: { 200: z.object({ raised: z.number(), notified: z.number(), resolved: z.number(), judged: z.array(z.string()) }) } },
  }, async () => alerts.evaluate());

  app.post('/alerts/:id/acknowledge', {
    schema: { tags: ['alerts'], summary: 'A person has seen it: it is not sent again until it resolves and fires anew', params: idParams, response: { 200: alert, 404: errorBodySchema, 409: errorBodySchema } },
  }, async (request, reply) => {
    const result = await alerts.acknowledge(request.params.id, actorOf(request));
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.post('/alerts/:id/snooze', {
    schema: {
      tags: ['alerts'], summary: 'Quiet for a while; sent again if the condition still holds when the time is up', params: idParams,
      body: z.object({ minutes: z.number().positive().max(60 * 24 * 30) }), response: { 200: alert, 404: errorBodySchema, 409: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await alerts.snooze(request.params.id, request.body.minutes, actorOf(request));
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/alert-rules', {
    schema: { tags: ['alerts'], summary: 'Every alert rule with its parameters', response: { 200: z.object({ items: z.array(ruleSetting) }) } },
  }, async () => ({ items: await alerts.rules() }));

  app.get('/alert-rules/:rule', {
    schema: { tags: ['alerts'], summary: 'One alert rule with its parameters', params: ruleParams, response: { 200: ruleSetting, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await alerts.rule(request.params.rule);
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.put('/alert-rules/:rule', {
    config: { role: 'admin' },
    schema: {
      tags: ['alerts'], summary: 'Turn a rule on or off and change its parameters (merged over the current ones)', params: ruleParams,
      body: z.object({ enabled: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() }),
      response: { 200: ruleSetting, 400: errorBodySchema, 404: errorBodySchema },
    },
  }, async (request, reply) => {
    const result = await alerts.updateRule(request.params.rule, request.body, actorOf(request));
    return result.ok ? result.value : sendFailure(reply, result);
  });

  app.get('/alert-webhooks', {
    schema: { tags: ['alerts'], summary: 'Where alerts are sent (secrets are never returned)', response: { 200: z.object({ items: z.array(webhook) }) } },
  }, async () => ({ items: await alerts.webhooks() }));

  app.post('/alert-webhooks', {
    config: { role: 'admin' },
    schema: {
      tags: ['alerts'], summary: 'Send alerts to a URL, signed: X-Omnisync-Signature = sha256=hex(HMAC-SHA256(secret, "<X-Omnisync-Timestamp>.<body>"))',
      body: z.object({ url: z.string().url().regex(/^https?:\/\//, 'must be an http(s) URL'), secret: z.string().min(16).max(200), enabled: z.boolean().optional() }),
      response: { 201: webhook },
    },
  }, async (request, reply) => reply.code(201).send(await alerts.addWebhook(request.body, actorOf(request))));

  app.delete('/alert-webhooks/:id', {
    config: { role: 'admin' },
    schema: { tags: ['alerts'], summary: 'Stop sending alerts to this URL', params: idParams, response: { 200: webhook, 404: errorBodySchema } },
  }, async (request, reply) => {
    const result = await alerts.removeWebhook(request.params.id, actorOf(request));
    return result.ok ? result.value : sendFailure(reply, result);
  });
}
