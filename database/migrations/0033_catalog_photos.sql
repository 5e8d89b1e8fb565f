CREATE TABLE `catalog_photos` (
	`product_id` integer PRIMARY KEY NOT NULL,
	`sha256` text NOT NULL,
	`upload_id` text NOT NULL,
	`file_name` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
