import { render } from "@react-email/render";
import type { ReactElement } from "react";

export type RenderedEmail = { subject: string; html: string; text: string };

/**
 * Every email, HTML and plain text from the same React component (docs/decisions/015-emails.md):
 * React escapes what it renders, so a name or an address can never become markup.
 */
export async function renderEmail(subject: string, email: ReactElement): Promise<RenderedEmail> {
  const [html, text] = await Promise.all([render(email), render(email, { plainText: true })]);
  return { subject, html, text };
}
