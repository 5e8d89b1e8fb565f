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

export default function AdminLayout({ loaderData }: Route.ComponentProps) {
  return (
    <div>
      <nav aria-label="Admin" className="mb-6 flex flex-wrap gap-2 border-b border-crust-200 pb-3 print:hidden">
        <NavLink to="/admin" end className={linkClass}>
          Dashboard
        </NavLink>
        <NavLink to="/admin/orders" className={linkClass}>
          Orders
        </NavLink>
        <NavLink to="/admin/bake-list" className={linkClass}>
          Bake list
        </NavLink>
        <NavLink to="/admin/production" className={linkClass}>
          Production
        </NavLink>
        <NavLink to="/admin/calendar" className={linkClass}>
          Calendar
        </NavLink>
        {loaderData.role === "admin" ? (
          <>
            <NavLink to="/admin/products" className={linkClass}>
              Products
            </NavLink>
            <NavLink to="/admin/categories" className={linkClass}>
              Categories
            </NavLink>
            <NavLink to="/admin/users" className={linkClass}>
              Users
            </NavLink>
            <NavLink to="/admin/outbox" className={linkClass}>
              Outbox
            </NavLink>
          </>
        ) : null}
      </nav>
      <Outlet />
    </div>
  );
}
