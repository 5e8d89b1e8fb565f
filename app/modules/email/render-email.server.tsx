import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { openingHoursNow } from "../checkout/calendar.server";
import type { Database } from "../platform/db.server";
import { readBakeryDetails } from "../settings/bakery-details.server";
import { type EmailShop, EmailShopContext } from "./templates/layout";

export type RenderedEmail = { subject: string; html: string; text: string };

/**
 * Every email, HTML and plain text from the same React component (docs/decisions/015-emails.md):
 * React escapes what it renders, so a name or an address can never become markup.
 */
export async function renderEmail(subject: string, content: ReactElement, shop: EmailShop): Promise<RenderedEmail> {
  const email = <EmailShopContext.Provider value={shop}>{content}</EmailShopContext.Provider>;
  const [html, text] = await Promise.all([render(email), render(email, { plainText: true })]);
  return { subject, html, text };
}

/**
 * The bakery as an email shows it, read from D1 when the email is written (emails are few, so no
 * cache): its details from Admin → Bakery details, its hours from the calendar.
 */
export async function shopForEmails(db: Database): Promise<EmailShop> {
  const [openingHours, bakery] = await Promise.all([openingHoursNow(db), readBakeryDetails(db)]);
  return { openingHours, bakery };
}
