CREATE TABLE `email_events` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`email_id` text,
	`claim` text NOT NULL,
	`received_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `email_suppressions` (
	`address` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`detail` text DEFAULT '' NOT NULL,
	`event_id` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `delivery` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `delivery_at` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `delivery_detail` text;--> statement-breakpoint
CREATE INDEX `email_outbox_provider_idx` ON `email_outbox` (`provider_id`);--> statement-breakpoint
CREATE INDEX `email_outbox_sent_at_idx` ON `email_outbox` (`sent_at`);