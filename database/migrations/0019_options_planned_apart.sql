-- An option's values can be planned apart (each cake size its own row of the plan): the plan's
-- tables and the day counters are keyed by product and variant (0 = the product as a whole, which
-- every existing row is). Nothing references these tables; D1 allows deferring foreign keys, not
-- turning them off.
PRAGMA defer_foreign_keys = on;--> statement-breakpoint
CREATE TABLE `__new_bake_overrides` (
	`product_id` integer NOT NULL,
	`variant_id` integer DEFAULT 0 NOT NULL,
	`date` text NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`product_id`, `variant_id`, `date`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bake_overrides_quantity_non_negative" CHECK("__new_bake_overrides"."quantity" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_bake_overrides`("product_id", "variant_id", "date", "quantity") SELECT "product_id", 0, "date", "quantity" FROM `bake_overrides`;--> statement-breakpoint
DROP TABLE `bake_overrides`;--> statement-breakpoint
ALTER TABLE `__new_bake_overrides` RENAME TO `bake_overrides`;--> statement-breakpoint
CREATE TABLE `__new_bake_schedules` (
	`product_id` integer NOT NULL,
	`variant_id` integer DEFAULT 0 NOT NULL,
	`weekday` integer NOT NULL,
	`quantity` integer NOT NULL,
	PRIMARY KEY(`product_id`, `variant_id`, `weekday`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "bake_schedules_weekday_valid" CHECK("__new_bake_schedules"."weekday" BETWEEN 0 AND 6),
	CONSTRAINT "bake_schedules_quantity_non_negative" CHECK("__new_bake_schedules"."quantity" >= 0)
);
--> statement-breakpoint
INSERT INTO `__new_bake_schedules`("product_id", "variant_id", "weekday", "quantity") SELECT "product_id", 0, "weekday", "quantity" FROM `bake_schedules`;--> statement-breakpoint
DROP TABLE `bake_schedules`;--> statement-breakpoint
ALTER TABLE `__new_bake_schedules` RENAME TO `bake_schedules`;--> statement-breakpoint
CREATE TABLE `__new_day_holds` (
	`product_id` integer NOT NULL,
	`variant_id` integer DEFAULT 0 NOT NULL,
	`bake_date` text NOT NULL,
	`planned` integer NOT NULL,
	`held` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`product_id`, `variant_id`, `bake_date`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "day_holds_within_plan" CHECK("__new_day_holds"."held" >= 0 AND "__new_day_holds"."held" <= "__new_day_holds"."planned")
);
--> statement-breakpoint
INSERT INTO `__new_day_holds`("product_id", "variant_id", "bake_date", "planned", "held") SELECT "product_id", 0, "bake_date", "planned", "held" FROM `day_holds`;--> statement-breakpoint
DROP TABLE `day_holds`;--> statement-breakpoint
ALTER TABLE `__new_day_holds` RENAME TO `day_holds`;--> statement-breakpoint
PRAGMA defer_foreign_keys = off;--> statement-breakpoint
ALTER TABLE `order_items` ADD `variant_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `product_options` ADD `planned_apart` integer DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `product_options_one_planned_apart` ON `product_options` (`product_id`) WHERE "product_options"."planned_apart" = 1;