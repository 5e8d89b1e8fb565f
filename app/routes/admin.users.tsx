import { Form, redirect, useSearchParams } from "react-router";
import { z } from "zod";
import { Button } from "../components/forms/button";
import { FormErrors } from "../components/forms/fields";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { changeRole, listUsers, ROLE_CHOICES, setDisabled } from "../modules/admin/users.server";
import { ADMIN_ROLES, requireRole } from "../modules/auth/guards.server";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.users";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const query = new URL(request.url).searchParams.get("q") ?? "";
  return { users: await listUsers(ctx, query.slice(0, 100)), query, selfId: admin.id };
}

const UserId = z.object({ userId: z.coerce.number().int().positive() });
const RoleChange = UserId.extend({ role: z.enum(ROLE_CHOICES) });
/** Every row's buttons post to one form id: the answer shows above the list. */
const USER_CHANGES_FORM = "user-changes";

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const admin = await requireRole(ctx, request, ADMIN_ROLES);
  const form = await readIntentSubmission(
    request,
    { role: RoleChange, disable: UserId, enable: UserId },
    { formId: () => USER_CHANGES_FORM },
  );
  const { submission } = form;
  if (submission.status !== "success") return form.formError("That change isn't possible.");
  const limit = await checkRateLimit(ctx, [["writes", `user:${admin.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const { userId } = submission.value;
  const result =
    form.intent === "role" && "role" in submission.value
      ? await changeRole(ctx, admin.id, userId, submission.value.role)
      : await setDisabled(ctx, admin.id, userId, form.intent === "disable");
  if (!result.ok) return form.formError(result.message, 409);
  // Back to the same list, so a search survives the change.
  const url = new URL(request.url);
  return redirect(`/admin/users${url.search}`, 303);
}

export default function AdminUsers({ loaderData, actionData }: Route.ComponentProps) {
  const { users, query, selfId } = loaderData;
  const [searchParams] = useSearchParams();
  const [changes] = useSchemaForm(UserId, { answer: actionData, id: USER_CHANGES_FORM });
  const changeAction = `/admin/users?${searchParams}`;
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
        <Button size="md">Search users</Button>
      </Form>
      <div className="mt-4 empty:hidden">
        <FormErrors id={changes.errorId} errors={changes.errors} />
      </div>
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
                <Form method="post" action={changeAction} className="flex items-center gap-2">
                  <input type="hidden" name="formId" value={USER_CHANGES_FORM} />
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
                  <Button variant="secondary" size="sm">
                    Save role
                  </Button>
                </Form>
                <Form method="post" action={changeAction}>
                  <input type="hidden" name="formId" value={USER_CHANGES_FORM} />
                  <input type="hidden" name="intent" value={user.disabled ? "enable" : "disable"} />
                  <input type="hidden" name="userId" value={user.id} />
                  <Button variant="danger" size="sm">
                    {user.disabled ? "Enable account" : "Disable account"}
                  </Button>
                </Form>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
