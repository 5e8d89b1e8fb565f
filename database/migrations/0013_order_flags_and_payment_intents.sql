-- contract: orders.flag unused since this migration's own release (written before decision 021's rule:
-- the flag moved to order_flags in one step; today it would be two releases).
CREATE TABLE `order_flags` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`order_id` integer NOT NULL,
	`kind` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`resolved_at` text,
	`resolved_by_user_id` integer,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `order_flags_open_idx` ON `order_flags` (`order_id`,`kind`) WHERE "order_flags"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX `order_flags_unresolved_idx` ON `order_flags` (`resolved_at`);--> statement-breakpoint
CREATE TABLE `stripe_payment_intents` (
	`id` text PRIMARY KEY NOT NULL,
	`amount_refunded` integer DEFAULT 0 NOT NULL,
	`fully_refunded` integer DEFAULT false NOT NULL,
	`disputed_at` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
-- Every order's one flag becomes an open flag in the set, raised when the order last changed.
INSERT INTO `order_flags` (`order_id`, `kind`, `created_at`)
SELECT `id`, `flag`, `updated_at` FROM `orders` WHERE `flag` IS NOT NULL;--> statement-breakpoint
-- Refunds and disputes already applied to orders are what Stripe said about their payment intents.
INSERT INTO `stripe_payment_intents` (`id`, `amount_refunded`, `fully_refunded`, `disputed_at`)
SELECT `stripe_payment_intent_id`, `refunded_pence`, `status` = 'refunded',
  CASE WHEN `flag` = 'dispute' THEN `updated_at` END
FROM `orders` WHERE `stripe_payment_intent_id` IS NOT NULL
ON CONFLICT (`id`) DO NOTHING;--> statement-breakpoint
ALTER TABLE `orders` DROP COLUMN `flag`;