CREATE TABLE `cron_runs` (
	`cron` text PRIMARY KEY NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`ok` integer,
	`error` text,
	`last_ok_at` text,
	`runs` integer DEFAULT 0 NOT NULL
);
