import { render } from "@react-email/render";
import type { ReactElement } from "react";
import { ShopHours } from "./templates/layout";

export type RenderedEmail = { subject: string; html: string; text: string };

/**
 * Every email, HTML and plain text from the same React component (docs/decisions/015-emails.md):
 * React escapes what it renders, so a name or an address can never become markup.
 */
export async function renderEmail(
  subject: string,
  content: ReactElement,
  openingHours: string,
): Promise<RenderedEmail> {
  // The footer's opening hours come from the shop's calendar as it is when the email is written.
  const email = <ShopHours.Provider value={openingHours}>{content}</ShopHours.Provider>;
  const [html, text] = await Promise.all([render(email), render(email, { plainText: true })]);
  return { subject, html, text };
}
