/**
 * The DSN that sends the Worker's error reports to the Sentry stand-in in scripts/standins/server.ts
 * (on the Stripe/Resend stand-in's port): used by npm run dev, the e2e server and the worker tests.
 */
export function localSentryDsn(standinPort: number): string {
  return `http://standinkey@127.0.0.1:${standinPort}/1`;
}
