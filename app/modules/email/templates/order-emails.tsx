import { Column, Link, Row, Section } from "@react-email/components";
import { SHOP_NAME } from "../../../lib/constants";
import { formatMoney } from "../../../lib/money";
import { fulfilmentLabel } from "../../orders/describe";
import type { OrderView } from "../../orders/order-queries.server";
import { colours, EmailLayout, Paragraph, useEmailShop } from "./layout";

type OrderEmailProps = { order: OrderView; orderUrl: string };

function OrderLink({ order, orderUrl }: OrderEmailProps) {
  return (
    <Paragraph>
      <Link className="email-link" href={orderUrl} style={{ color: colours.crust }}>
        {`View your order ${order.number}`}
      </Link>
    </Paragraph>
  );
}

/**
 * The VAT receipt's link, for an order sold while the bakery is VAT-registered (decision 028): the
 * order link's own token opens it. `about` says what the customer finds there.
 */
function ReceiptLink({ order, orderUrl, about }: OrderEmailProps & { about: string }) {
  if (order.vatReceiptId === null) return null;
  const url = new URL(orderUrl);
  url.pathname += "/receipt";
  return (
    <Paragraph>
      <Link className="email-link" href={url.toString()} style={{ color: colours.crust }}>
        {about}
      </Link>
    </Paragraph>
  );
}

/** Where a collection order is picked up, and how: from Admin → Bakery details. */
function CollectFrom({ order }: { order: OrderView }) {
  const { bakery } = useEmailShop();
  if (order.fulfilment !== "collection") return null;
  return (
    <Paragraph>
      {`Collect from ${bakery.name}, ${bakery.oneLine}. `}
      <Link className="email-link" href={bakery.mapUrl} style={{ color: colours.crust }}>
        Map
      </Link>
      <br />
      {bakery.collectionInstructions}
    </Paragraph>
  );
}

function LineItem({ label, amount, total = false }: { label: string; amount: string; total?: boolean }) {
  const cell = total
    ? { borderTop: `1px solid ${colours.line}`, paddingTop: "8px", fontWeight: 700 }
    : { padding: "4px 0" };
  return (
    <Row>
      <Column style={cell}>{label}</Column>
      <Column style={{ ...cell, textAlign: "right" }}>{amount}</Column>
    </Row>
  );
}

/** Sent once the payment is in: what was bought, when and where it will be, and the order's page. */
export function OrderConfirmationEmail({ order, orderUrl }: OrderEmailProps) {
  const when = fulfilmentLabel(order);
  return (
    <EmailLayout preview={`Order ${order.number}: ${when}`} heading={`Thank you, ${order.name}`}>
      <Paragraph>
        Your order <strong>{order.number}</strong> is paid and on our list.
      </Paragraph>
      <Paragraph>
        <strong>{when}</strong>
        {order.deliveryAddress ? (
          <>
            <br />
            {`${order.deliveryAddress}, ${order.deliveryPostcode ?? ""}`}
          </>
        ) : null}
      </Paragraph>
      <CollectFrom order={order} />
      <Section style={{ fontSize: "16px" }}>
        {order.items.map((item, index) => (
          <LineItem
            // biome-ignore lint/suspicious/noArrayIndexKey: an order's lines never change order; two may share a product.
            key={index}
            label={`${item.name} × ${item.quantity}${item.message ? `, message: “${item.message}”` : ""}`}
            amount={formatMoney(item.unitPricePence * item.quantity, order.currency)}
          />
        ))}
        {order.deliveryFeePence > 0 ? (
          <LineItem label="Delivery" amount={formatMoney(order.deliveryFeePence, order.currency)} />
        ) : null}
        {order.discountPence > 0 ? (
          <LineItem
            label={order.promotionCode ? `Discount (${order.promotionCode})` : "Discount"}
            amount={`−${formatMoney(order.discountPence, order.currency)}`}
          />
        ) : null}
        <LineItem label="Total" amount={formatMoney(order.totalPence, order.currency)} total />
      </Section>
      <OrderLink order={order} orderUrl={orderUrl} />
      <ReceiptLink order={order} orderUrl={orderUrl} about="Your VAT receipt, to view, print or save" />
    </EmailLayout>
  );
}

/** "Ready to collect" or "on its way", when staff move the order on. */
export function OrderProgressEmail({
  order,
  orderUrl,
  kind,
}: OrderEmailProps & { kind: "order-ready" | "order-dispatched" }) {
  const ready = kind === "order-ready";
  return (
    <EmailLayout
      preview={ready ? fulfilmentLabel(order) : `On its way to ${order.deliveryAddress ?? "you"}`}
      heading={ready ? "Your order is ready" : "Your order is on its way"}
    >
      <Paragraph>{`Hello ${order.name},`}</Paragraph>
      {ready ? (
        <>
          <Paragraph>{`Your order ${order.number} is baked and ready for you.`}</Paragraph>
          <Paragraph>
            <strong>{fulfilmentLabel(order)}</strong>
          </Paragraph>
          <CollectFrom order={order} />
        </>
      ) : (
        <Paragraph>{`Your order ${order.number} has left the bakery and is on its way to ${order.deliveryAddress ?? "you"}.`}</Paragraph>
      )}
      <OrderLink order={order} orderUrl={orderUrl} />
    </EmailLayout>
  );
}

/** Money back: how much, whether the order is cancelled, and when the customer will see it. */
export function RefundEmail({
  order,
  orderUrl,
  amountPence,
  cancelled,
}: OrderEmailProps & { amountPence: number; cancelled: boolean }) {
  const amount = formatMoney(amountPence, order.currency);
  return (
    <EmailLayout preview={`${amount} refunded`} heading={cancelled ? "Your order is cancelled" : "Your refund"}>
      <Paragraph>{`Hello ${order.name},`}</Paragraph>
      <Paragraph>
        {cancelled
          ? `We've cancelled your order ${order.number} and refunded ${amount}.`
          : `We've refunded ${amount} for your order ${order.number}.`}
      </Paragraph>
      <Paragraph>It goes back to the card you paid with and usually shows within 5–10 working days.</Paragraph>
      <OrderLink order={order} orderUrl={orderUrl} />
      <ReceiptLink order={order} orderUrl={orderUrl} about="Your VAT receipt and its credit notes" />
    </EmailLayout>
  );
}

export const orderEmailSubjects = {
  confirmation: (order: OrderView) => `Your ${SHOP_NAME} order ${order.number}`,
  "order-ready": (order: OrderView) => `Your ${SHOP_NAME} order ${order.number} is ready`,
  "order-dispatched": (order: OrderView) => `Your ${SHOP_NAME} order ${order.number} is on its way`,
  refund: (order: OrderView) => `Refund for your ${SHOP_NAME} order ${order.number}`,
};
