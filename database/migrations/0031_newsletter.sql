CREATE TABLE `newsletter_subscribers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`address` text NOT NULL,
	`user_id` integer,
	`status` text NOT NULL,
	`consent_version` text NOT NULL,
	`consented_at` text NOT NULL,
	`source` text NOT NULL,
	`unsubscribed_at` text,
	`unsubscribed_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "newsletter_subscribers_status" CHECK("newsletter_subscribers"."status" IN ('subscribed', 'unsubscribed'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `newsletter_subscribers_address_unique` ON `newsletter_subscribers` (`address`);--> statement-breakpoint
CREATE INDEX `newsletter_subscribers_status_idx` ON `newsletter_subscribers` (`status`);--> statement-breakpoint
CREATE TABLE `newsletters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`recipients` integer DEFAULT 0 NOT NULL,
	`created_by` integer,
	`send_started_at` text,
	`sent_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "newsletters_status" CHECK("newsletters"."status" IN ('draft', 'sending', 'sent'))
);
--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `newsletter_id` integer;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `batch_key` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `unsubscribe_url` text;--> statement-breakpoint
CREATE UNIQUE INDEX `email_outbox_newsletter_recipient_idx` ON `email_outbox` (`newsletter_id`,`recipient`);--> statement-breakpoint
CREATE INDEX `email_outbox_batch_idx` ON `email_outbox` (`batch_key`);--> statement-breakpoint
ALTER TABLE `orders` ADD `newsletter_consent` text;