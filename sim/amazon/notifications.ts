/**
 * ORDER_CHANGE notifications (schemas/notifications/OrderChangeNotification.json; the fixture). Amazon
 * delivers them to an SQS queue; here they are POSTed as the hub's relay would forward them (the
 * message body unchanged, a shared secret in NOTIFICATION_SECRET_HEADER). A duplicate or a retry
 * resends the same body, so NotificationId stays the receiver's dedupe key.
 */
import type { Prng } from '../common/prng.ts';
import type { OutgoingWebhook } from '../common/webhooks.ts';
import { amazonTime } from './order-json.ts';
import type { AmazonOrder } from './store.ts';

export const NOTIFICATION_SECRET_HEADER = 'x-relay-secret';

export interface NotificationContext {
  sellerId: string;
  marketplaceId: string;
  secret: string;
  /** Draws the notification ids, so they repeat with the seed. */
  ids: Prng;
  applicationId: string;
  subscriptionId: string;
}

export type ChangeType = 'OrderStatusChange' | 'BuyerRequestedChange';

export function orderChangeNotification(context: NotificationContext, order: AmazonOrder, changeType: ChangeType, reason: string, nowMs: number): OutgoingWebhook {
  const iso = new Date(nowMs).toISOString();
  const shipped = order.items.reduce((sum, i) => sum + i.shippedQty, 0);
  const body = {
    NotificationVersion: '1.0',
    NotificationType: 'ORDER_CHANGE',
    PayloadVersion: '1.0',
    EventTime: iso,
    Payload: {
      OrderChangeNotification: {
        NotificationLevel: 'OrderLevel',
        SellerId: context.sellerId,
        AmazonOrderId: order.id,
        OrderChangeType: changeType,
        OrderChangeTrigger: { TimeOfOrderChange: iso, ChangeReason: reason },
        Summary: {
          MarketplaceId: context.marketplaceId,
          OrderStatus: order.status,
          PurchaseDate: amazonTime(order.createdMs),
          DestinationPostalCode: order.shipTo.postalCode,
          FulfillmentType: 'MFN',
          OrderType: 'StandardOrder',
          NumberOfItemsShipped: shipped,
          NumberOfItemsUnshipped: order.status === 'Canceled' ? 0 : order.items.reduce((sum, i) => sum + i.qty, 0) - shipped,
          EarliestShipDate: amazonTime(order.createdMs + 86_400_000),
          LatestShipDate: amazonTime(order.createdMs + 3 * 86_400_000),
          OrderItems: order.items.map((item) => ({
            OrderItemId: item.orderItemId,
            SellerSKU: item.listing.sku,
            OrderItemStatus: order.status === 'Canceled' ? 'Canceled' : item.shippedQty === item.qty ? 'Shipped' : 'Unshipped',
            Quantity: item.qty,
            QuantityShipped: item.shippedQty,
            IsBuyerRequestedCancel: changeType === 'BuyerRequestedChange',
          })),
        },
      },
    },
    NotificationMetadata: {
      ApplicationId: context.applicationId,
      SubscriptionId: context.subscriptionId,
      PublishTime: iso,
      NotificationId: context.ids.uuid(),
    },
  };
  return { body: JSON.stringify(body), headers: { 'content-type': 'application/json', [NOTIFICATION_SECRET_HEADER]: context.secret } };
}
