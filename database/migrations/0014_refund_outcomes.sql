ALTER TABLE `refunds` ADD `cancel_order` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `refunds_stripe_refund_idx` ON `refunds` (`stripe_refund_id`);