-- WooCommerce and Amazon join Shopify and Taobao as channel platforms.
ALTER TABLE connections DROP CONSTRAINT connections_platform_check;
ALTER TABLE connections ADD CONSTRAINT connections_platform_check
  CHECK (platform IN ('shopify', 'taobao', 'woocommerce', 'amazon'));
