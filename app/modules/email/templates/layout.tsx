import { Body, Container, Head, Heading, Hr, Html, Link, Preview, Section, Text } from "@react-email/components";
import { createContext, type ReactNode, useContext } from "react";
import { type BakeryDetails, companyLine } from "../../settings/bakery-details";

/** The bakery as every email shows it: its details and, in words, when it is open (from its calendar). */
export type EmailShop = { openingHours: string; bakery: BakeryDetails };

/** renderEmail provides it; templates read it with `useEmailShop`. */
export const EmailShopContext = createContext<EmailShop | null>(null);

export function useEmailShop(): EmailShop {
  const shop = useContext(EmailShopContext);
  if (!shop) throw new Error("an email is rendered through renderEmail, which says who the bakery is");
  return shop;
}

const colours = { ink: "#1c1917", crust: "#7a4a1f", heading: "#5c3716", line: "#e3b87c", muted: "#57534e" };

/**
 * Light by default; mail apps in dark mode either honour these rules or invert the colours
 * themselves. Body text and background are left to the app; only the accents (heading, links,
 * the footer) change here, so nothing is ever dark on dark or light on light.
 */
const darkMode = `
  :root { color-scheme: light dark; supported-color-schemes: light dark; }
  .email-body { background: #ffffff; color: #1c1917; }
  @media (prefers-color-scheme: dark) {
    .email-body { background: #1c1917 !important; color: #f5f5f4 !important; }
    .email-heading { color: #f3d9b1 !important; }
    .email-link { color: #f3d9b1 !important; }
    .email-muted { color: #d6d3d1 !important; }
  }`;

/**
 * The one frame every email from the shop has (docs/decisions/015-emails.md): the bakery's name at
 * the top; at the foot, where it is, when it is open, and how to reach it.
 */
export function EmailLayout({ preview, heading, children }: { preview: string; heading: string; children: ReactNode }) {
  const { openingHours, bakery } = useEmailShop();
  return (
    <Html lang="en-GB">
      <Head>
        <meta name="color-scheme" content="light dark" />
        <meta name="supported-color-schemes" content="light dark" />
        <style>{darkMode}</style>
      </Head>
      <Preview>{preview}</Preview>
      {/* No background or text colour inline: the mail app's own (light or dark) stays in charge,
          and the rules above adjust the accents for dark mode. */}
      <Body className="email-body" style={{ fontFamily: "Georgia, 'Times New Roman', serif" }}>
        <Container style={{ maxWidth: "560px", margin: "0 auto", padding: "24px" }}>
          <Text className="email-muted" style={{ color: colours.muted, fontSize: "14px", margin: "0 0 8px" }}>
            {bakery.name}
          </Text>
          <Heading as="h1" className="email-heading" style={{ color: colours.heading, fontSize: "24px" }}>
            {heading}
          </Heading>
          {children}
          <Hr style={{ borderColor: colours.line, margin: "32px 0 16px" }} />
          <Section className="email-muted" style={{ color: colours.muted, fontSize: "13px", lineHeight: "20px" }}>
            <Text style={{ margin: 0 }}>{`${bakery.name}, ${bakery.oneLine}`}</Text>
            {openingHours ? <Text style={{ margin: 0 }}>{`Open for collection ${openingHours}`}</Text> : null}
            <Text style={{ margin: 0 }}>
              <Link className="email-link" href={`mailto:${bakery.email}`} style={{ color: colours.crust }}>
                {bakery.email}
              </Link>
              {` · ${bakery.phone}`}
            </Text>
            {companyLine(bakery) ? <Text style={{ margin: 0 }}>{companyLine(bakery)}</Text> : null}
            {bakery.example ? (
              <Text style={{ margin: 0 }}>These are example details: the bakery has not set its own yet.</Text>
            ) : null}
          </Section>
        </Container>
      </Body>
    </Html>
  );
}

export function Paragraph({ children }: { children: ReactNode }) {
  return <Text style={{ fontSize: "16px", lineHeight: "24px" }}>{children}</Text>;
}

/** The one thing the email asks the reader to do, as a button (and a plain link in the text version). */
export function ActionButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Section style={{ margin: "24px 0" }}>
      <Link
        href={href}
        style={{
          backgroundColor: colours.crust,
          color: "#ffffff",
          padding: "12px 20px",
          borderRadius: "999px",
          textDecoration: "none",
          fontWeight: 600,
          display: "inline-block",
        }}
      >
        {children}
      </Link>
    </Section>
  );
}

export { colours };
