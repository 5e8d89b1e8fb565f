/**
 * The local stand-in signs Stripe webhooks with this; the Worker only ever accepts it when no real
 * Stripe key is set. A file of its own, free of imports, so the stand-in (plain Node) can read it.
 */
export const STANDIN_WEBHOOK_SECRET = "whsec_local_standin_not_a_real_secret";
