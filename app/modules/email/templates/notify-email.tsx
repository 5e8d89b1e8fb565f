import { Link } from "@react-email/components";
import { ActionButton, colours, EmailLayout, Paragraph } from "./layout";

export type NotifyEmailContent = {
  productName: string;
  day: string;
  productUrl: string;
  unsubscribeUrl: string;
};

/** "Country Sourdough is back for Friday": sent once, to someone who asked (decision 032). */
export function NotifyEmail({ productName, day, productUrl, unsubscribeUrl }: NotifyEmailContent) {
  return (
    <EmailLayout
      preview={`${productName} can be ordered for ${day} again.`}
      heading={`${productName} is back for ${day}`}
    >
      <Paragraph>Hello,</Paragraph>
      <Paragraph>
        {`You asked us to tell you when ${productName} could be ordered for ${day}. It can now, while they last.`}
      </Paragraph>
      <ActionButton href={productUrl}>{`Order ${productName}`}</ActionButton>
      <Paragraph>{`Or open this link: ${productUrl}`}</Paragraph>
      <Paragraph>
        {"This is the only email about it. "}
        <Link className="email-link" href={unsubscribeUrl} style={{ color: colours.crust }}>
          Stop these emails
        </Link>
        {" to cancel any other bakes you're waiting for."}
      </Paragraph>
    </EmailLayout>
  );
}
