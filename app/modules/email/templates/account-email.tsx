import { ActionButton, EmailLayout, Paragraph } from "./layout";

export type AccountEmailContent = {
  subject: string;
  /** The first paragraph says why the email came; the rest follow the button. */
  paragraphs: string[];
  action?: { label: string; link: string };
};

/**
 * Sign-up, sign-in and account-change emails. They greet nobody by name and carry no text a visitor
 * typed: they go to addresses nobody has proved yet, and the shop must not be a way to put a
 * stranger's words in someone's inbox.
 */
export function AccountEmail({ subject, paragraphs, action }: AccountEmailContent) {
  const [why = "", ...rest] = paragraphs;
  return (
    <EmailLayout preview={why} heading={subject}>
      <Paragraph>Hello,</Paragraph>
      <Paragraph>{why}</Paragraph>
      {action ? <ActionButton href={action.link}>{action.label}</ActionButton> : null}
      {action ? <Paragraph>{`Or open this link: ${action.link}`}</Paragraph> : null}
      {rest.map((paragraph) => (
        <Paragraph key={paragraph}>{paragraph}</Paragraph>
      ))}
    </EmailLayout>
  );
}
