/**
 * One-click unsubscribe links (RFC 8058, decision 031). A link names the list and the row (a
 * newsletter subscriber, a notify-me request) and carries an HMAC over the list, the row and its
 * email address: it unsubscribes that address from that list and nothing else, it cannot be made
 * for another row or address without the secret, and it still works years later (mail is kept).
 */
export const MAILING_LISTS = ["newsletter", "notify"] as const;
export type MailingList = (typeof MAILING_LISTS)[number];

export const isMailingList = (value: string): value is MailingList =>
  (MAILING_LISTS as readonly string[]).includes(value);

type Secret = { COOKIE_SECRET: string };

async function mac(env: Secret, list: MailingList, id: number, address: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(env.COOKIE_SECRET),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  // The purpose prefix keeps these MACs apart from every other use of the secret.
  const message = `unsubscribe:${list}:${id}:${address.toLowerCase()}`;
  const signature = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(message)));
  // 128 bits is far beyond guessing, and keeps the link short enough for every mail app.
  return [...signature.slice(0, 16)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function unsubscribeUrl(
  env: Secret,
  origin: string,
  list: MailingList,
  id: number,
  address: string,
): Promise<string> {
  return `${origin}/unsubscribe/${list}/${id}/${await mac(env, list, id, address)}`;
}

/** Whether the token was made for this list, row and address (compared in constant time). */
export async function unsubscribeTokenMatches(
  env: Secret,
  list: MailingList,
  id: number,
  address: string,
  token: string,
): Promise<boolean> {
  const expected = await mac(env, list, id, address);
  if (token.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ token.charCodeAt(i);
  return difference === 0;
}

/** The headers a mail app needs to offer its own Unsubscribe button (RFC 2369 and RFC 8058). */
export function listUnsubscribeHeaders(url: string): Record<string, string> {
  return { "List-Unsubscribe": `<${url}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" };
}
