-- contract: products.stock unused since the release of 0019_options_planned_apart
-- The contract step of decision 017: products.stock has been neither read nor written since the
-- plan replaced it (0015-0019), so it goes. SQLite cannot drop a column a table CHECK names, so
-- products is rebuilt. Dropping products deletes its children through ON DELETE CASCADE even with
-- foreign keys deferred (D1 cannot turn them off), so every child row is set aside first and put
-- back, ids and all, once the new products table has the same ids.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
CREATE TABLE `__keep_product_images` AS SELECT * FROM `product_images`;--> statement-breakpoint
CREATE TABLE `__keep_product_options` AS SELECT * FROM `product_options`;--> statement-breakpoint
CREATE TABLE `__keep_product_option_values` AS SELECT * FROM `product_option_values`;--> statement-breakpoint
CREATE TABLE `__keep_basket_items` AS SELECT * FROM `basket_items`;--> statement-breakpoint
CREATE TABLE `__keep_bake_schedules` AS SELECT * FROM `bake_schedules`;--> statement-breakpoint
CREATE TABLE `__keep_bake_overrides` AS SELECT * FROM `bake_overrides`;--> statement-breakpoint
CREATE TABLE `__keep_capacity_group_products` AS SELECT * FROM `capacity_group_products`;--> statement-breakpoint
CREATE TABLE `__keep_day_holds` AS SELECT * FROM `day_holds`;--> statement-breakpoint
CREATE TABLE `__new_products` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`summary` text DEFAULT '' NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`ingredients` text DEFAULT '' NOT NULL,
	`category_id` integer NOT NULL,
	`price_pence` integer NOT NULL,
	`currency` text DEFAULT 'GBP' NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`allergens` text DEFAULT '[]' NOT NULL,
	`dietary_tags` text DEFAULT '[]' NOT NULL,
	`weight_grams` integer,
	`size_label` text,
	`featured` integer DEFAULT false NOT NULL,
	`order_deadline_minutes` integer DEFAULT 360 NOT NULL,
	`max_per_order` integer DEFAULT 12 NOT NULL,
	`sell_from` text,
	`sell_until` text,
	`shelf_life_days` integer DEFAULT 2 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`category_id`) REFERENCES `categories`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "products_price_non_negative" CHECK("__new_products"."price_pence" >= 0),
	CONSTRAINT "products_status_valid" CHECK("__new_products"."status" IN ('draft', 'active', 'archived'))
);
--> statement-breakpoint
INSERT INTO `__new_products`("id", "slug", "name", "summary", "description", "ingredients", "category_id", "price_pence", "currency", "status", "allergens", "dietary_tags", "weight_grams", "size_label", "featured", "order_deadline_minutes", "max_per_order", "sell_from", "sell_until", "shelf_life_days", "version", "created_at", "updated_at") SELECT "id", "slug", "name", "summary", "description", "ingredients", "category_id", "price_pence", "currency", "status", "allergens", "dietary_tags", "weight_grams", "size_label", "featured", "order_deadline_minutes", "max_per_order", "sell_from", "sell_until", "shelf_life_days", "version", "created_at", "updated_at" FROM `products`;--> statement-breakpoint
DROP TABLE `products`;--> statement-breakpoint
ALTER TABLE `__new_products` RENAME TO `products`;--> statement-breakpoint
INSERT INTO `product_images` SELECT * FROM `__keep_product_images`;--> statement-breakpoint
DROP TABLE `__keep_product_images`;--> statement-breakpoint
INSERT INTO `product_options` SELECT * FROM `__keep_product_options`;--> statement-breakpoint
DROP TABLE `__keep_product_options`;--> statement-breakpoint
INSERT INTO `product_option_values` SELECT * FROM `__keep_product_option_values`;--> statement-breakpoint
DROP TABLE `__keep_product_option_values`;--> statement-breakpoint
INSERT INTO `basket_items` SELECT * FROM `__keep_basket_items`;--> statement-breakpoint
DROP TABLE `__keep_basket_items`;--> statement-breakpoint
INSERT INTO `bake_schedules` SELECT * FROM `__keep_bake_schedules`;--> statement-breakpoint
DROP TABLE `__keep_bake_schedules`;--> statement-breakpoint
INSERT INTO `bake_overrides` SELECT * FROM `__keep_bake_overrides`;--> statement-breakpoint
DROP TABLE `__keep_bake_overrides`;--> statement-breakpoint
INSERT INTO `capacity_group_products` SELECT * FROM `__keep_capacity_group_products`;--> statement-breakpoint
DROP TABLE `__keep_capacity_group_products`;--> statement-breakpoint
INSERT INTO `day_holds` SELECT * FROM `__keep_day_holds`;--> statement-breakpoint
DROP TABLE `__keep_day_holds`;--> statement-breakpoint
-- Its search triggers went with the old table; the index is rebuilt from the rows (same ids).
CREATE TRIGGER `products_fts_after_insert` AFTER INSERT ON `products` BEGIN
	INSERT INTO products_fts(rowid, name, summary, description, ingredients)
	VALUES (new.id, new.name, new.summary, new.description, new.ingredients);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_delete` AFTER DELETE ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, summary, description, ingredients)
	VALUES ('delete', old.id, old.name, old.summary, old.description, old.ingredients);
END;
--> statement-breakpoint
CREATE TRIGGER `products_fts_after_update` AFTER UPDATE OF name, summary, description, ingredients ON `products` BEGIN
	INSERT INTO products_fts(products_fts, rowid, name, summary, description, ingredients)
	VALUES ('delete', old.id, old.name, old.summary, old.description, old.ingredients);
	INSERT INTO products_fts(rowid, name, summary, description, ingredients)
	VALUES (new.id, new.name, new.summary, new.description, new.ingredients);
END;
--> statement-breakpoint
INSERT INTO `products_fts`(`products_fts`) VALUES ('rebuild');--> statement-breakpoint
PRAGMA defer_foreign_keys = off;--> statement-breakpoint
CREATE UNIQUE INDEX `products_slug_unique` ON `products` (`slug`);--> statement-breakpoint
CREATE INDEX `products_status_category_idx` ON `products` (`status`,`category_id`);--> statement-breakpoint
CREATE INDEX `products_status_created_idx` ON `products` (`status`,`created_at`);