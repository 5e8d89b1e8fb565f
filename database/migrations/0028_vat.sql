-- Decision 028: VAT categories, rates and the receipt/credit-note series. Column CHECKs are added by
-- hand (a table-level one would make drizzle-kit rebuild the table).
CREATE TABLE `vat_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`order_id` integer NOT NULL,
	`refund_id` integer DEFAULT 0 NOT NULL,
	`amount_pence` integer NOT NULL,
	`issued_at` text NOT NULL,
	FOREIGN KEY (`order_id`) REFERENCES `orders`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "vat_documents_kind_valid" CHECK("vat_documents"."kind" IN ('receipt', 'credit_note'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `vat_documents_order_refund_idx` ON `vat_documents` (`order_id`,`refund_id`);--> statement-breakpoint
CREATE INDEX `vat_documents_issued_idx` ON `vat_documents` (`issued_at`);--> statement-breakpoint
ALTER TABLE `bakery_details` ADD `vat_standard_rate_bps` integer DEFAULT 2000 NOT NULL CHECK (`vat_standard_rate_bps` BETWEEN 0 AND 10000);--> statement-breakpoint
ALTER TABLE `bakery_details` ADD `vat_reduced_rate_bps` integer DEFAULT 500 NOT NULL CHECK (`vat_reduced_rate_bps` BETWEEN 0 AND 10000);--> statement-breakpoint
ALTER TABLE `order_items` ADD `vat_category` text DEFAULT 'zero' NOT NULL CHECK (`vat_category` IN ('zero', 'reduced', 'standard'));--> statement-breakpoint
ALTER TABLE `order_items` ADD `vat_rate_bps` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `orders` ADD `vat_number` text;--> statement-breakpoint
ALTER TABLE `products` ADD `vat_category` text DEFAULT 'zero' NOT NULL CHECK (`vat_category` IN ('zero', 'reduced', 'standard'));