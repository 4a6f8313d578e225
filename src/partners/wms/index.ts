/** The WMS / 3PL partner: the REST adapter behind the WmsAdapter contract (src/partners/types.ts). */
export { wmsRestAdapter } from './adapter.ts';
export { parseWmsEvent, eventsFeedOf, WMS_EVENTS_PAGE } from './events.ts';
export { verifyWmsWebhook, wmsWebhookNews, wmsWebhookSignature } from './webhook.ts';
