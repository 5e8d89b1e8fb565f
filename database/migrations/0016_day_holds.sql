CREATE TABLE `day_holds` (
	`product_id` integer NOT NULL,
	`bake_date` text NOT NULL,
	`planned` integer NOT NULL,
	`held` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`product_id`, `bake_date`),
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "day_holds_within_plan" CHECK("day_holds"."held" >= 0 AND "day_holds"."held" <= "day_holds"."planned")
);
--> statement-breakpoint
CREATE TABLE `group_day_holds` (
	`group_id` integer NOT NULL,
	`bake_date` text NOT NULL,
	`capacity` integer NOT NULL,
	`held` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`group_id`, `bake_date`),
	FOREIGN KEY (`group_id`) REFERENCES `capacity_groups`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "group_day_holds_within_capacity" CHECK("group_day_holds"."held" >= 0 AND "group_day_holds"."held" <= "group_day_holds"."capacity")
);
