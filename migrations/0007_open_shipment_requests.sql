-- The cancel sweep looks at open shipment requests several times a second; partner_orders grows by
-- two rows per order, so it reads them through an index of the open ones only.
CREATE INDEX partner_orders_open_requests_idx ON partner_orders (order_id)
  WHERE purpose = 'shipment_request' AND status = 'sent';
