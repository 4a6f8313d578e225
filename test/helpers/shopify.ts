import assert from 'node:assert/strict';
import type { ConnectionInput } from '../../src/channels/index.ts';
import type { HubServices } from '../../src/hub.ts';
import type { ShopifySim } from '../../sim/shopify/index.ts';

/**
 * A connection of the hub to a Shopify simulator, with the simulator's credentials; with
 * `webhooksTo` (the hub's URL) the simulator sends its webhooks to that connection.
 */
export async function connectShopifySim(
  hub: Pick<HubServices, 'channels'>, sim: ShopifySim, options: { name: string; allocation?: ConnectionInput['allocation']; webhooksTo?: string },
): Promise<string> {
  const created = await hub.channels.create({
    name: options.name, platform: 'shopify', baseUrl: sim.url, ...(options.allocation ? { allocation: options.allocation } : {}),
    credentials: { accessToken: sim.credentials.accessToken, apiSecret: sim.credentials.apiSecret, apiVersion: sim.apiVersion, locationId: sim.locationId },
  });
  assert.ok(created.ok, created.ok ? '' : created.message);
  if (options.webhooksTo) sim.control.setWebhookAddress!(`${options.webhooksTo}/webhooks/shopify/${created.value.id}`);
  return created.value.id;
}
