import { Link, Section } from "@react-email/components";
import { NEWSLETTER } from "../../../lib/constants";
import { colours, EmailLayout, Paragraph } from "./layout";

/**
 * Where each copy's own unsubscribe link goes: the newsletter is rendered once per batch and this
 * is replaced per recipient (rendering a React email per address would cost a batch's CPU time).
 */
export const UNSUBSCRIBE_PLACEHOLDER = "https://unsubscribe.invalid/placeholder";

/**
 * "This week's bake": the staff's Markdown, already rendered safe (decision 026: raw HTML escaped,
 * only http(s) and mailto links), inside the shop's one layout, with why it came and how to stop.
 */
export function NewsletterEmail({ subject, bodyHtml }: { subject: string; bodyHtml: string }) {
  return (
    <EmailLayout preview={subject} heading={subject}>
      {/* The Markdown's paragraphs, lists and headings take the layout's serif type and size; its
          HTML is markdown-it's with raw HTML off (decision 026). */}
      <Section style={{ fontSize: "16px", lineHeight: "24px" }}>
        <div dangerouslySetInnerHTML={{ __html: bodyHtml }} />
      </Section>
      <Paragraph>
        {`You get “${NEWSLETTER.name}” because you asked for it at checkout or in your account. `}
        <Link className="email-link" href={UNSUBSCRIBE_PLACEHOLDER} style={{ color: colours.crust }}>
          Unsubscribe
        </Link>
        {" with one click."}
      </Paragraph>
    </EmailLayout>
  );
}
