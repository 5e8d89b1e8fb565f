import { redirect } from "react-router";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { formatMoney } from "../lib/money";
import { fullDate } from "../lib/shop-dates";
import { ACCOUNTING_COLUMNS } from "../modules/accounting/accounting-columns";
import { accountingSummary } from "../modules/accounting/accounting-export.server";
import { type AccountingPeriod, AccountingPeriodSchema } from "../modules/accounting/accounting-export-form";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { addDays, shopLocalDateTime } from "../modules/checkout/slots";
import { readSubmission } from "../modules/forms/submission.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.accounts";

export const meta: Route.MetaFunction = () => [{ title: "Accounts | Admin" }];

/** Last calendar month in shop time: what a bookkeeper usually asks for. */
function lastMonth(today: string): AccountingPeriod {
  const firstOfThisMonth = `${today.slice(0, 7)}-01`;
  const to = addDays(firstOfThisMonth, -1);
  return { from: `${to.slice(0, 7)}-01`, to };
}

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const asked = AccountingPeriodSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const period = asked.success ? asked.data : lastMonth(shopLocalDateTime(ctx.now()).slice(0, 10));
  return { period, summary: await accountingSummary(ctx, period) };
}

/** The dates checked by their fields, then the page for that period (a GET a bookkeeper can bookmark). */
export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readSubmission(request, AccountingPeriodSchema);
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const { from, to } = submission.value;
  return redirect(`/admin/accounts?from=${from}&to=${to}`, 303);
}

export default function Accounts({ loaderData, actionData }: Route.ComponentProps) {
  const { period, summary } = loaderData;
  const [form, fields] = useSchemaForm(AccountingPeriodSchema, { answer: actionData, defaultValue: period });
  const query = `from=${period.from}&to=${period.to}`;
  return (
    <section aria-labelledby="accounts-heading" className="max-w-4xl space-y-6">
      <h1 id="accounts-heading" className="font-serif text-3xl font-bold text-crust-900">
        Accounts
      </h1>
      <p>
        Every sale and refund of a period as a spreadsheet for your bookkeeper or accounting software, with the VAT at
        each rate. Days are shop days (UK time), first and last included.
      </p>
      <SchemaForm
        form={form}
        aria-label="Accounting period"
        className="flex flex-wrap items-end gap-4 rounded-2xl border border-crust-200 bg-white p-4"
      >
        <InputField field={fields.from} label="First day" type="date" />
        <InputField field={fields.to} label="Last day" type="date" />
        <Button size="md">Show this period</Button>
      </SchemaForm>
      <section aria-labelledby="period-heading" className="space-y-3 rounded-2xl border border-crust-200 bg-white p-4">
        <h2 id="period-heading" className="text-xl font-semibold text-crust-900">
          {`${fullDate(period.from)} to ${fullDate(period.to)}`}
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-1" data-testid="period-summary">
          <dt className="font-semibold">Sales</dt>
          <dd>{`${summary.sales.count} paid ${summary.sales.count === 1 ? "order" : "orders"}, ${formatMoney(summary.sales.pence)}`}</dd>
          <dt className="font-semibold">Refunds</dt>
          <dd>{`${summary.refunds.count} ${summary.refunds.count === 1 ? "refund" : "refunds"}, ${formatMoney(summary.refunds.pence)}`}</dd>
          <dt className="font-semibold">Taken</dt>
          <dd>{formatMoney(summary.sales.pence - summary.refunds.pence)}</dd>
        </dl>
        <a
          href={`/admin/accounts.csv?${query}`}
          download
          className="inline-block rounded-full bg-crust-700 px-5 py-2 font-semibold text-white hover:bg-crust-800"
        >
          Download CSV
        </a>
      </section>
      <section aria-labelledby="columns-heading" className="space-y-2">
        <h2 id="columns-heading" className="text-xl font-semibold text-crust-900">
          What the file holds
        </h2>
        <p className="text-sm">
          One row per sale (when it was paid) and per refund (when it went through), earliest first. Amounts are in
          pounds without a £ sign, VAT included unless a column says net; refunds are negative. The file is UTF-8 with a
          byte-order mark, so Excel and LibreOffice open it with £ signs and accents intact.
        </p>
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-crust-300 text-left">
              <th scope="col" className="px-2 py-1.5">
                Column
              </th>
              <th scope="col" className="px-2 py-1.5">
                What it holds
              </th>
            </tr>
          </thead>
          <tbody>
            {ACCOUNTING_COLUMNS.map((column) => (
              <tr key={column.key} className="border-b border-crust-100">
                <th scope="row" className="px-2 py-1.5 text-left font-semibold">
                  {column.header}
                </th>
                <td className="px-2 py-1.5">{column.about}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </section>
  );
}
