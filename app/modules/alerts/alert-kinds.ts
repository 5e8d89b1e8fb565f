/** The alerts admins are emailed about, by key, with the title the System page and emails use. */
export const ALERTS = {
  "backup-stale": "Backups are out of date",
  "backup-check-failed": "The latest backup check failed",
  "emails-failed": "Emails could not be sent",
  "email-bounces": "Too many emails bounce",
  "jobs-late": "A scheduled job has stopped",
  "error-rate": "Too many requests fail",
  "kv-hit-rate": "The catalogue cache misses too often",
  "d1-slow": "The database is slow",
  "stripe-failing": "Calls to Stripe fail",
} as const;
export type AlertKey = keyof typeof ALERTS;
