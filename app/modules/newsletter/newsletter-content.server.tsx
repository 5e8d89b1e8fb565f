import { type RenderedEmail, renderEmail, shopForEmails } from "../email/render-email.server";
import { NewsletterEmail, UNSUBSCRIBE_PLACEHOLDER } from "../email/templates/newsletter-email";
import { renderMarkdown } from "../pages/markdown.server";
import type { Database } from "../platform/db.server";

/**
 * A newsletter as every subscriber gets it, with `UNSUBSCRIBE_PLACEHOLDER` where each copy's own
 * link goes. Links the staff wrote as shop paths ("/shop") become full addresses: in a mail app
 * there is no shop to be relative to.
 */
export async function renderNewsletter(
  db: Database,
  origin: string,
  newsletter: { subject: string; body: string },
): Promise<RenderedEmail> {
  const bodyHtml = renderMarkdown(newsletter.body).replaceAll('href="/', `href="${origin}/`);
  return renderEmail(
    newsletter.subject,
    <NewsletterEmail subject={newsletter.subject} bodyHtml={bodyHtml} />,
    await shopForEmails(db),
  );
}

/** One subscriber's copy: their own unsubscribe link in the HTML and the text. */
export function copyFor(email: RenderedEmail, unsubscribeUrl: string): RenderedEmail {
  return {
    subject: email.subject,
    html: email.html.replaceAll(UNSUBSCRIBE_PLACEHOLDER, unsubscribeUrl),
    text: email.text.replaceAll(UNSUBSCRIBE_PLACEHOLDER, unsubscribeUrl),
  };
}
