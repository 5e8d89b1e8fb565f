/** The alerts admins are emailed about, by key, with the title the System page and emails use. */
export const ALERTS = {
  "backup-stale": "Backups are out of date",
  "backup-check-failed": "The latest backup check failed",
  "emails-failed": "Emails could not be sent",
  "email-bounces": "Too many emails bounce",
  "jobs-late": "A scheduled job has stopped",
} as const;
export type AlertKey = keyof typeof ALERTS;
