CREATE TABLE `product_option_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`option_id` integer NOT NULL,
	`label` text NOT NULL,
	`price_delta_pence` integer DEFAULT 0 NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`option_id`) REFERENCES `product_options`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_option_values_label_unique` ON `product_option_values` (`option_id`,`label`);--> statement-breakpoint
CREATE TABLE `product_options` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`product_id` integer NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_options_name_unique` ON `product_options` (`product_id`,`name`);--> statement-breakpoint
-- Rebuilt: a line is now a product with its chosen options and message, so the key is an id.
-- Nothing references basket_items; D1 allows deferring foreign keys, not turning them off.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
CREATE TABLE `__new_basket_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`basket_id` text NOT NULL,
	`product_id` integer NOT NULL,
	`choices` text DEFAULT '' NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`quantity` integer NOT NULL,
	`added_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`basket_id`) REFERENCES `baskets`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "basket_items_quantity_positive" CHECK("__new_basket_items"."quantity" > 0)
);
--> statement-breakpoint
INSERT INTO `__new_basket_items`("basket_id", "product_id", "choices", "message", "quantity", "added_at") SELECT "basket_id", "product_id", '', '', "quantity", "added_at" FROM `basket_items` ORDER BY "added_at";--> statement-breakpoint
DROP TABLE `basket_items`;--> statement-breakpoint
ALTER TABLE `__new_basket_items` RENAME TO `basket_items`;--> statement-breakpoint
PRAGMA defer_foreign_keys = off;--> statement-breakpoint
CREATE UNIQUE INDEX `basket_items_line_unique` ON `basket_items` (`basket_id`,`product_id`,`choices`,`message`);--> statement-breakpoint
ALTER TABLE `order_items` ADD `message` text DEFAULT '' NOT NULL;