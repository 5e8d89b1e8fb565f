CREATE TABLE `bake_overrides` (
	`product_id` integer NOT NULL,
	`date` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`product_id`, `date`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bake_overrides_quantity_non_negative" CHECK("bake_overrides"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE `bake_schedules` (
	`product_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`product_id`, `weekday`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bake_schedules_weekday_valid" CHECK("bake_schedules"."weekday" BETWEEN 0 AND 6),
	CONSTRAINT "bake_schedules_quantity_non_negative" CHECK("bake_schedules"."quantity" >= 0)
);
--> statement-breakpoint
CREATE TABLE `capacity_group_limits` (
	`group_id` integer NOT NULL,
	`weekday` integer NOT NULL,
	`capacity` integer NOT NULL,
	PRIMARY KEY(`group_id`, `weekday`),
	FOREIGN KEY (`group_id`) REFERENCES `capacity_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "capacity_group_limits_weekday_valid" CHECK("capacity_group_limits"."weekday" BETWEEN 0 AND 6),
	CONSTRAINT "capacity_group_limits_capacity_non_negative" CHECK("capacity_group_limits"."capacity" >= 0)
);
--> statement-breakpoint
CREATE TABLE `capacity_group_products` (
	`group_id` integer NOT NULL,
	`product_id` integer NOT NULL,
	PRIMARY KEY(`group_id`, `product_id`),
	FOREIGN KEY (`group_id`) REFERENCES `capacity_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `capacity_group_products_product_idx` ON `capacity_group_products` (`product_id`);--> statement-breakpoint
CREATE TABLE `capacity_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `capacity_groups_name_unique` ON `capacity_groups` (`name`);--> statement-breakpoint
CREATE TABLE `closures` (
	`date` text PRIMARY KEY NOT NULL,
	`reason` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
CREATE TABLE `collection_windows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`starts_at` text NOT NULL,
	`ends_at` text NOT NULL,
	`capacity` integer NOT NULL,
	CONSTRAINT "collection_windows_capacity_non_negative" CHECK("collection_windows"."capacity" >= 0)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `collection_windows_starts_at_unique` ON `collection_windows` (`starts_at`);--> statement-breakpoint
CREATE TABLE `drops` (
	`bake_date` text PRIMARY KEY NOT NULL,
	`opens_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `shop_weekdays` (
	`weekday` integer PRIMARY KEY NOT NULL,
	`open` integer DEFAULT false NOT NULL,
	`delivery_capacity` integer DEFAULT 0 NOT NULL,
	CONSTRAINT "shop_weekdays_weekday_valid" CHECK("shop_weekdays"."weekday" BETWEEN 0 AND 6),
	CONSTRAINT "shop_weekdays_capacity_non_negative" CHECK("shop_weekdays"."delivery_capacity" >= 0)
);
--> statement-breakpoint
ALTER TABLE `products` ADD `order_deadline_minutes` integer DEFAULT 360 NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `max_per_order` integer DEFAULT 12 NOT NULL;--> statement-breakpoint
ALTER TABLE `products` ADD `sell_from` text;--> statement-breakpoint
ALTER TABLE `products` ADD `sell_until` text;--> statement-breakpoint
-- The week the constants described (COLLECTION_RULES, DELIVERY_RULES): open Tuesday to Saturday,
-- four two-hour collection windows of 8 orders, 12 deliveries a day.
INSERT INTO `shop_weekdays` (`weekday`, `open`, `delivery_capacity`) VALUES
  (0, 0, 0), (1, 0, 0), (2, 1, 12), (3, 1, 12), (4, 1, 12), (5, 1, 12), (6, 1, 12);--> statement-breakpoint
INSERT INTO `collection_windows` (`starts_at`, `ends_at`, `capacity`) VALUES
  ('08:00', '10:00', 8), ('10:00', '12:00', 8), ('12:00', '14:00', 8), ('14:00', '16:00', 8);--> statement-breakpoint
-- Expand: every active product is baked on every open day, as many a day as its stock is now
-- (what "5 in stock" meant to a shopper). products.stock stays until a later release drops it.
INSERT INTO `bake_schedules` (`product_id`, `weekday`, `quantity`)
  SELECT `products`.`id`, `shop_weekdays`.`weekday`, `products`.`stock`
  FROM `products`, `shop_weekdays`
  WHERE `products`.`status` = 'active' AND `shop_weekdays`.`open` = 1;
