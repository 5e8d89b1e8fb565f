import { Form, Link } from "react-router";
import { z } from "zod";
import { Button, buttonClass } from "../components/forms/button";
import { TableScroller } from "../components/table-scroller";
import { PRODUCT_STATUSES } from "../lib/constants";
import { formatMoney } from "../lib/money";
import { listAdminProducts } from "../modules/admin/catalog-admin.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin.products";

const Filters = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  status: z.enum(PRODUCT_STATUSES).optional().catch(undefined),
});

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, ADMIN_ROLES);
  const filters = Filters.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { filters, products: await listAdminProducts(ctx, filters) };
}

const STATUS_LABELS = { draft: "Draft", active: "Published", archived: "Archived" } as const;

const WEEKDAY_ABBREVIATIONS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** "Tue, Wed, Thu, Fri, Sat" (Monday first), or "not planned". */
function bakedOn(weekdays: string | null) {
  const days = (weekdays ?? "")
    .split(",")
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7));
  return days.length === 0 ? "not planned" : days.map((day) => WEEKDAY_ABBREVIATIONS[day]).join(", ");
}

export default function AdminProducts({ loaderData }: Route.ComponentProps) {
  const { filters, products } = loaderData;
  return (
    <section aria-labelledby="products-heading">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <h1 id="products-heading" className="font-serif text-3xl font-bold text-crust-900">
          Products
        </h1>
        <Link to="/admin/products/new" className={buttonClass({ size: "md" })}>
          Add a product
        </Link>
      </div>
      <Form method="get" className="mt-4 flex flex-wrap items-end gap-3" aria-label="Filter products">
        <label className="text-sm font-medium">
          Name
          <input
            type="search"
            name="q"
            defaultValue={filters.q ?? ""}
            className="mt-1 block rounded-lg border border-stone-300 px-3 py-1.5"
          />
        </label>
        <label className="text-sm font-medium">
          Status
          <select
            name="status"
            defaultValue={filters.status ?? ""}
            className="mt-1 block rounded-lg border border-stone-300 bg-white px-2 py-1.5"
          >
            <option value="">Any</option>
            {PRODUCT_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" size="md">
          Show products
        </Button>
      </Form>
      {products.length === 0 ? <p className="mt-6">No products match.</p> : null}
      <TableScroller label="Product list" className="mt-6">
        <table className="w-full border-collapse text-left text-sm">
          <thead>
            <tr className="border-b border-crust-200">
              <th scope="col" className="py-2">
                Product
              </th>
              <th scope="col">Category</th>
              <th scope="col">Price</th>
              <th scope="col">Baked on</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {products.map((product) => (
              <tr key={product.id} className="border-b border-crust-100">
                <td className="py-2">
                  <Link to={`/admin/products/${product.id}`} className="font-semibold text-crust-700 underline">
                    {product.name}
                  </Link>
                </td>
                <td>{product.category}</td>
                <td>{formatMoney(product.pricePence)}</td>
                <td>{bakedOn(product.bakeWeekdays)}</td>
                <td>{STATUS_LABELS[product.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroller>
    </section>
  );
}
