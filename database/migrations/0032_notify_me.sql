CREATE TABLE `notify_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`product_id` integer NOT NULL,
	`bake_date` text NOT NULL,
	`status` text DEFAULT 'waiting' NOT NULL,
	`notified_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "notify_requests_status" CHECK("notify_requests"."status" IN ('waiting', 'sent', 'cancelled', 'expired'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notify_requests_address_product_day_idx` ON `notify_requests` (`address`,`product_id`,`bake_date`);--> statement-breakpoint
CREATE INDEX `notify_requests_waiting_idx` ON `notify_requests` (`status`,`bake_date`);