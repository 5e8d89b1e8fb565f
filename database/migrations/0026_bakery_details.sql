CREATE TABLE `bakery_details` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`address` text NOT NULL,
	`postcode` text NOT NULL,
	`collection_instructions` text NOT NULL,
	`phone` text NOT NULL,
	`email` text NOT NULL,
	`company_number` text,
	`vat_number` text,
	`example` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	CONSTRAINT "bakery_details_one_row" CHECK(id = 1)
);
--> statement-breakpoint
-- Example details, marked as such, so every environment has the row the shop reads; the shop says
-- they are examples until an admin saves the real ones (Admin → Bakery details).
INSERT INTO `bakery_details` (`id`, `name`, `address`, `postcode`, `collection_instructions`, `phone`, `email`, `example`)
VALUES (
	1,
	'Band of Bakers',
	'4 Mill Yard, Stokes Croft' || char(10) || 'Bristol',
	'BS1 3QY',
	'Collect from the shop counter on Mill Yard. Tell us your order number; ring the bell by the side door if the counter is closed.',
	'0117 496 0321',
	'hello@bandofbakers.example',
	1
);
