ALTER TABLE `auth_tokens` ADD `email` text;--> statement-breakpoint
-- Change-email links issued before this migration were bound to nobody's address; a link for one
-- address could switch the account to another (security issue H1). Every outstanding one is void.
UPDATE `auth_tokens` SET `used_at` = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE `purpose` = 'change-email' AND `used_at` IS NULL;--> statement-breakpoint
-- Verify and reset links were mailed to the account's address, which only a redeemed change-email
-- link could alter (and that already marked it verified): bind them to it.
UPDATE `auth_tokens` SET `email` = (SELECT `email` FROM `users` WHERE `users`.`id` = `auth_tokens`.`user_id`)
WHERE `purpose` IN ('verify-email', 'reset-password') AND `used_at` IS NULL;
