import { data, Form, redirect, useSearchParams } from "react-router";
import { z } from "zod";
import { changeRole, listUsers, ROLE_CHOICES, setDisabled } from "../modules/admin/users.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit, tooManyAttemptsMessage } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.users";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const query = new URL(request.url).searchParams.get("q") ?? "";
  return { users: await listUsers(ctx, query.slice(0, 100)), query, selfId: admin.id };
}

const UserAction = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("role"), userId: z.coerce.number().int().positive(), role: z.enum(ROLE_CHOICES) }),
  z.object({ intent: z.literal("disable"), userId: z.coerce.number().int().positive() }),
  z.object({ intent: z.literal("enable"), userId: z.coerce.number().int().positive() }),
]);

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const parsed = UserAction.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ error: "That change isn't possible.", userId: null }, { status: 400 });
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) {
    return data(
      { error: tooManyAttemptsMessage(limit.retryAfterSeconds), userId: parsed.data.userId },
      { status: 429, headers: { "Retry-After": String(limit.retryAfterSeconds) } },
    );
  }
  const change = parsed.data;
  const result =
    change.intent === "role"
      ? await changeRole(ctx, admin.id, change.userId, change.role)
      : await setDisabled(ctx, admin.id, change.userId, change.intent === "disable");
  if (!result.ok) return data({ error: result.message, userId: change.userId }, { status: 409 });
  // Back to the same list, so a search survives the change.
  const url = new URL(request.url);
  return redirect(`/admin/users${url.search}`, 303);
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { users, query, selfId } = loaderData;
  const [searchParams] = useSearchParams();
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading" className="font-serif text-3xl font-bold text-crust-900">
        Users
      </h1>
      <Form method="get" role="search" className="mt-4 flex gap-2">
        <label htmlFor="user-search" className="sr-only">
          Search by name or email
        </label>
        <input
          id="user-search"
          type="search"
          name="q"
          defaultValue={query}
          placeholder="Name or email"
          className="w-full max-w-sm rounded-full border border-stone-300 px-4 py-2"
        />
        <button type="submit" className="rounded-full bg-crust-700 px-4 py-2 font-semibold text-white">
          Search users
        </button>
      </Form>
      {actionData?.error ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 font-semibold text-red-800">
          {actionData.error}
        </p>
      ) : null}
      {users.length === 0 ? <p className="mt-6">No users match.</p> : null}
      <ul className="mt-6 divide-y divide-crust-200 rounded-2xl border border-crust-200 bg-white">
        {users.map((user) => (
          <li key={user.id} aria-label={user.email} className="flex flex-wrap items-center gap-x-6 gap-y-2 p-4">
            <div className="min-w-60 flex-1">
              <p className="font-semibold">{user.name}</p>
              <p className="text-sm text-stone-700">
                {user.email}
                {user.verified ? "" : " · not confirmed"}
                {user.twoFactor ? " · two-step on" : ""}
                {user.disabled ? " · disabled" : ""}
              </p>
            </div>
            {user.id === selfId ? (
              <p className="text-sm text-stone-700">{`${user.role} (you)`}</p>
            ) : (
              <>
                <Form method="post" action={`/admin/users?${searchParams}`} className="flex items-center gap-2">
                  <input type="hidden" name="intent" value="role" />
                  <input type="hidden" name="userId" value={user.id} />
                  <label htmlFor={`role-${user.id}`} className="sr-only">{`Role for ${user.email}`}</label>
                  <select
                    id={`role-${user.id}`}
                    name="role"
                    defaultValue={user.role}
                    className="rounded-lg border border-stone-300 bg-white px-2 py-1.5"
                  >
                    {["customer", "staff", "admin"].map((role) => (
                      <option key={role} value={role}>
                        {role}
                      </option>
                    ))}
                  </select>
                  <button
                    type="submit"
                    className="rounded-full border border-crust-700 px-3 py-1 text-sm font-semibold"
                  >
                    Save role
                  </button>
                </Form>
                <Form method="post" action={`/admin/users?${searchParams}`}>
                  <input type="hidden" name="intent" value={user.disabled ? "enable" : "disable"} />
                  <input type="hidden" name="userId" value={user.id} />
                  <button
                    type="submit"
                    className="rounded-full border border-red-800 px-3 py-1 text-sm font-semibold text-red-800"
                  >
                    {user.disabled ? "Enable account" : "Disable account"}
                  </button>
                </Form>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
