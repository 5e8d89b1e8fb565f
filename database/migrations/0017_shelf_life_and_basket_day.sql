ALTER TABLE `baskets` ADD `bake_date` text;--> statement-breakpoint
ALTER TABLE `products` ADD `shelf_life_days` integer DEFAULT 2 NOT NULL;