const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const money = (pence: number, currency: string) =>
  new Intl.NumberFormat("en-GB", { style: "currency", currency: currency.toUpperCase() }).format(pence / 100);

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1c1917}
.banner{background:#fef3c7;border:1px solid #f59e0b;padding:.5rem .75rem;border-radius:.5rem;font-size:.9rem}
table{width:100%;border-collapse:collapse;margin:1rem 0}td{padding:.25rem 0}td:last-child{text-align:right}
label{display:block;font-weight:600;margin-top:1rem}input{width:100%;padding:.6rem;font-size:1rem;box-sizing:border-box}
button{margin-top:1rem;padding:.7rem 1.2rem;font-size:1rem;border-radius:999px;border:0;background:#635bff;color:#fff;cursor:pointer}
button.secondary{background:none;color:#635bff;text-decoration:underline}.error{color:#b91c1c;font-weight:600}</style></head>
<body>${body}</body></html>`;
}

export function checkoutPage(session: Record<string, unknown>, error: string | null): string {
  const items = (session.line_items_for_display ?? []) as { name: string; unitAmount: number; quantity: number }[];
  const currency = String(session.currency ?? "gbp");
  const rows = items
    .map(
      (i) =>
        `<tr><td>${escapeHtml(i.name)} × ${i.quantity}</td><td>${money(i.unitAmount * i.quantity, currency)}</td></tr>`,
    )
    .join("");
  return page(
    "Pay Band of Bakers",
    `<p class="banner"><strong>Test mode.</strong> This is the local Stripe stand-in; no money moves.
Card 4242 4242 4242 4242 pays, 4000 0000 0000 0002 is declined. Paid with 4000 0000 0000 7726,
refunds stay pending a few seconds, then succeed; with 4000 0000 0000 5126 they stay pending, then fail;
4000 0000 0000 0259 pays and is then disputed.</p>
<h1>Pay Band of Bakers</h1>
<table>${rows}${discountRow(session, currency)}<tr><td><strong>Total</strong></td><td><strong>${money(Number(session.amount_total ?? 0), currency)}</strong></td></tr></table>
<form method="post">
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<label for="email">Email</label><input id="email" name="email" value="${escapeHtml(String(session.customer_email ?? ""))}" readonly>
<label for="card">Card number</label><input id="card" name="card" inputmode="numeric" autocomplete="cc-number" placeholder="4242 4242 4242 4242" required>
${
  session.allow_promotion_codes && !(session.discounts as unknown[] | undefined)?.length
    ? `<label for="promotion_code">Promotion code</label><input id="promotion_code" name="promotion_code" autocomplete="off">
<button type="submit" name="action" value="apply-code" class="secondary" formnovalidate>Apply code</button>`
    : ""
}
<button type="submit" name="action" value="pay">Pay ${money(Number(session.amount_total ?? 0), currency)}</button>
<button type="submit" name="action" value="bank-transfer" class="secondary" formnovalidate>Pay by bank transfer instead (settles later)</button>
<button type="submit" name="action" value="cancel" class="secondary" formnovalidate>Cancel and return to the shop</button>
</form>`,
  );
}

/** The discount Stripe applied, as its page shows it under the items. */
function discountRow(session: Record<string, unknown>, currency: string): string {
  const discount = Number((session.total_details as Record<string, unknown> | undefined)?.amount_discount ?? 0);
  return discount > 0 ? `<tr><td>Discount</td><td>−${money(discount, currency)}</td></tr>` : "";
}

export function resultPage(message: string): string {
  return page("Checkout", `<p>${escapeHtml(message)}</p>`);
}

/** The stand-in's "bank": transfers on their way, each settled or failed by hand, as a bank would days later. */
export function bankPage(transfers: Record<string, unknown>[]): string {
  const rows = transfers
    .map((session) => {
      const amount = money(Number(session.amount_total ?? 0), String(session.currency ?? "gbp"));
      const label = `${escapeHtml(String(session.client_reference_id ?? session.id))} (${amount})`;
      return `<li>${label}
<form method="post" style="display:inline"><input type="hidden" name="session" value="${escapeHtml(String(session.id))}">
<button type="submit" name="outcome" value="succeeded" aria-label="Settle ${label}">Settle</button>
<button type="submit" name="outcome" value="failed" class="secondary" aria-label="Fail ${label}">Fail</button></form></li>`;
    })
    .join("");
  return page(
    "Bank transfers",
    `<p class="banner"><strong>Test mode.</strong> Bank transfers waiting to settle at the local Stripe stand-in.</p>
<h1>Bank transfers</h1>${rows ? `<ul>${rows}</ul>` : "<p>No transfers are waiting.</p>"}`,
  );
}
