CREATE TABLE `backup_checks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`backup_key` text NOT NULL,
	`ok` integer NOT NULL,
	`problem` text,
	`tables` text DEFAULT '[]' NOT NULL,
	`checked_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `backup_checks_checked_idx` ON `backup_checks` (`checked_at`);--> statement-breakpoint
CREATE TABLE `backup_runs` (
	`key` text PRIMARY KEY NOT NULL,
	`status` text DEFAULT 'running' NOT NULL,
	`started_at` text NOT NULL,
	`finished_at` text,
	`rows` integer,
	`bytes` integer,
	`chunks` integer,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `backup_runs_started_idx` ON `backup_runs` (`started_at`);--> statement-breakpoint
CREATE TABLE `system_alerts` (
	`key` text PRIMARY KEY NOT NULL,
	`firing` integer DEFAULT false NOT NULL,
	`since` text,
	`resolved_at` text,
	`detail` text,
	`transition` text,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
