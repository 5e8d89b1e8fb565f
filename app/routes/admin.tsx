import { NavLink, Outlet } from "react-router";
import { SHOP_NAME } from "../lib/constants";
import { requireRole, requireStaffSecondFactor, STAFF_ROLES } from "../modules/auth/guards.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/admin";

export const meta: Route.MetaFunction = () => [
  { title: `Bakery admin | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

/**
 * Every request under /admin (pages, data requests and form posts alike) passes this check on the
 * server before any loader or action runs. Each route still checks its own role as well: users and
 * roles are admin-only.
 */
export const middleware: Route.MiddlewareFunction[] = [
  async ({ request, context }, next) => {
    const ctx = getRequestContext(context);
    requireStaffSecondFactor(ctx, await requireRole(ctx, request, STAFF_ROLES));
    return next();
  },
];

export async function loader({ request, context }: Route.LoaderArgs) {
  const user = await requireRole(getRequestContext(context), request, STAFF_ROLES);
  return { role: user.role };
}

const linkClass = ({ isActive }: { isActive: boolean }) =>
  `rounded-full px-3 py-1.5 font-semibold ${isActive ? "bg-crust-700 text-white" : "text-crust-800 hover:bg-crust-100"}`;

/** The admin's pages: staff see the bakery's day-to-day; the catalogue and people are for admins. */
const SECTIONS = [
  { to: "/admin", label: "Dashboard", adminOnly: false },
  { to: "/admin/orders", label: "Orders", adminOnly: false },
  { to: "/admin/bake-list", label: "Bake list", adminOnly: false },
  { to: "/admin/production", label: "Production", adminOnly: false },
  { to: "/admin/calendar", label: "Calendar", adminOnly: false },
  { to: "/admin/newsletters", label: "Newsletter", adminOnly: false },
  { to: "/admin/products", label: "Products", adminOnly: true },
  { to: "/admin/categories", label: "Categories", adminOnly: true },
  { to: "/admin/promotions", label: "Promotion codes", adminOnly: true },
  { to: "/admin/accounts", label: "Accounts", adminOnly: true },
  { to: "/admin/bakery", label: "Bakery details", adminOnly: true },
  { to: "/admin/pages", label: "Pages", adminOnly: true },
  { to: "/admin/users", label: "Users", adminOnly: true },
  { to: "/admin/customer-data", label: "Customer data", adminOnly: true },
  { to: "/admin/outbox", label: "Outbox", adminOnly: true },
  { to: "/admin/system", label: "System", adminOnly: true },
] as const;

export default function AdminLayout({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-2 border-b border-crust-200 pb-3 print:hidden">
        {SECTIONS.filter((section) => !section.adminOnly || loaderData.role === "admin").map((section) => (
          <NavLink key={section.to} to={section.to} end={section.to === "/admin"} className={linkClass}>
            {section.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
