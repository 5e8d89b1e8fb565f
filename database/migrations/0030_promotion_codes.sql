CREATE TABLE `promotions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`percent_off` integer,
	`amount_off_pence` integer,
	`minimum_order_pence` integer DEFAULT 0 NOT NULL,
	`first_order_only` integer DEFAULT false NOT NULL,
	`expires_at` text,
	`max_redemptions` integer,
	`active` integer DEFAULT true NOT NULL,
	`stripe_coupon_id` text,
	`stripe_promotion_code_id` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "promotions_one_discount" CHECK(("promotions"."percent_off" BETWEEN 1 AND 100 AND "promotions"."amount_off_pence" IS NULL) OR ("promotions"."percent_off" IS NULL AND "promotions"."amount_off_pence" > 0))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `promotions_code_unique` ON `promotions` (`code`);--> statement-breakpoint
CREATE UNIQUE INDEX `promotions_stripe_promotion_code_id_unique` ON `promotions` (`stripe_promotion_code_id`);--> statement-breakpoint
ALTER TABLE `baskets` ADD `promotion_code` text;--> statement-breakpoint
ALTER TABLE `orders` ADD `discount_pence` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `promotion_code` text;--> statement-breakpoint
CREATE INDEX `orders_promotion_code_idx` ON `orders` (`promotion_code`);