import { formatMoney } from "../lib/money";
import { ORDER_STATUS_LABELS } from "../modules/orders/describe";
import type { PersonalData } from "../modules/privacy/personal-data.server";

const yes = (value: boolean) => (value ? "Yes" : "No");
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : "—");

/** Everything the shop holds about one person, readable (the JSON download holds the same). */
export function PersonalDataView({ data }: { data: PersonalData }) {
  const { account, orders, emails, emailSuppression, newsletter, notifyRequests } = data;
  return (
    <div className="space-y-8">
      <section aria-labelledby="data-account-heading">
        <h2 id="data-account-heading" className="font-serif text-2xl font-bold text-crust-900">
          Account
        </h2>
        {account ? (
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-6 gap-y-1 rounded-2xl border border-crust-200 bg-white p-4">
            <dt className="font-semibold">Name</dt>
            <dd>{account.name}</dd>
            <dt className="font-semibold">Email</dt>
            <dd className="[overflow-wrap:anywhere]">{account.email}</dd>
            <dt className="font-semibold">Confirmed</dt>
            <dd>{day(account.emailVerifiedAt)}</dd>
            <dt className="font-semibold">Phone</dt>
            <dd>{account.phone || "—"}</dd>
            <dt className="font-semibold">Saved address</dt>
            <dd className="whitespace-pre-line">
              {account.deliveryAddress ? `${account.deliveryAddress}\n${account.deliveryPostcode}` : "—"}
            </dd>
            <dt className="font-semibold">Created</dt>
            <dd>{day(account.createdAt)}</dd>
            <dt className="font-semibold">Password</dt>
            <dd>{account.hasPassword ? "Set (we keep only a scrambled form)" : "None"}</dd>
            <dt className="font-semibold">Signs in with Google</dt>
            <dd>{yes(account.signsInWithGoogle)}</dd>
            <dt className="font-semibold">Two-step sign-in</dt>
            <dd>{yes(account.twoStepSignIn)}</dd>
          </dl>
        ) : (
          <p className="mt-3">No account uses this address.</p>
        )}
      </section>

      <section aria-labelledby="data-orders-heading">
        <h2 id="data-orders-heading" className="font-serif text-2xl font-bold text-crust-900">
          {`Orders (${orders.length})`}
        </h2>
        {orders.length === 0 ? <p className="mt-3">None.</p> : null}
        <ul className="mt-3 space-y-3">
          {orders.map((order) => (
            <li key={order.number} className="rounded-2xl border border-crust-200 bg-white p-4">
              <p className="font-semibold">
                {`${order.number} · ${day(order.placedAt)} · ${ORDER_STATUS_LABELS[order.status] ?? order.status} · ${formatMoney(order.totalPence, order.currency)}`}
              </p>
              <p className="text-sm">
                {`${order.fulfilment === "delivery" ? "Delivery" : "Collection"} on ${order.day}${order.time === "delivery" ? "" : ` at ${order.time}`} · ${order.name} · ${order.email}${order.phone ? ` · ${order.phone}` : ""}`}
              </p>
              {order.deliveryAddress ? (
                <p className="text-sm">{`Deliver to ${order.deliveryAddress}, ${order.deliveryPostcode ?? ""}`}</p>
              ) : null}
              <ul className="mt-1 text-sm">
                {order.lines.map((line, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: an order's lines, in order; two may share a name.
                  <li key={index}>
                    {`${line.quantity} × ${line.name}, ${formatMoney(line.unitPricePence, order.currency)} each`}
                    {line.message ? ` · message “${line.message}”` : ""}
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="data-emails-heading">
        <h2 id="data-emails-heading" className="font-serif text-2xl font-bold text-crust-900">
          {`Emails we sent (${emails.length})`}
        </h2>
        {emails.length === 0 ? <p className="mt-3">None.</p> : null}
        <ul className="mt-3 divide-y divide-crust-100 text-sm">
          {emails.map((email, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list, in order.
            <li key={index} className="py-1">
              {`${day(email.sentAt ?? email.queuedAt)} · ${email.subject} · ${email.status}${email.delivery ? ` (${email.delivery})` : ""}`}
            </li>
          ))}
        </ul>
        {emailSuppression ? (
          <p className="mt-2 text-sm">{`Since ${day(emailSuppression.since)} we send only essential email to this address (it ${emailSuppression.reason === "bounced" ? "bounced" : "marked our email as spam"}).`}</p>
        ) : null}
        <p className="mt-2 text-sm">
          {newsletter
            ? newsletter.status === "subscribed"
              ? `Newsletter: asked for on ${day(newsletter.agreedAt)} (in your ${newsletter.through === "checkout" ? "checkout" : "account"}; wording of ${newsletter.agreedTo}).`
              : `Newsletter: asked for on ${day(newsletter.agreedAt)}, stopped on ${day(newsletter.stoppedAt)}.`
            : "Newsletter: never asked for."}
        </p>
        {notifyRequests.length > 0 ? (
          <ul aria-label="Bakes you asked to hear about" className="mt-2 text-sm">
            {notifyRequests.map((request) => (
              <li key={`${request.product}-${request.day}`}>
                {`Tell me when it's back: ${request.product} for ${request.day}, asked on ${day(request.askedAt)} (${request.status})`}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </div>
  );
}
