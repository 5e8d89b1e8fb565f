/**
 * The local stand-in signs Stripe webhooks with this; the Worker only ever accepts it when no real
 * Stripe key is set. A file of its own, free of imports, so the stand-in (plain Node) can read it.
 */
export const STANDIN_WEBHOOK_SECRET = "whsec_local_standin_not_a_real_secret";

/**
 * The local Resend stand-in signs its delivery webhooks (svix) with this; the Worker accepts it only
 * when no Resend key is set.
 */
export const STANDIN_RESEND_WEBHOOK_SECRET = "whsec_bG9jYWwgcmVzZW5kIHN0YW5kLWluLCBub3QgYSBzZWNyZXQ=";
