ALTER TABLE `orders` ADD `client_key` text;--> statement-breakpoint
CREATE INDEX `orders_client_pending_idx` ON `orders` (`client_key`,`status`);