import { Form, Link } from "react-router";
import { Button } from "../components/forms/button";
import { InputField } from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import type { FormAnswer } from "../lib/form-answer";
import { requireRole, STAFF_ROLES } from "../modules/auth/guards.server";
import { shopLocalDateTime } from "../modules/checkout/slots";
import { readIntentSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import {
  createGroup,
  deleteGroup,
  type GroupEditResult,
  loadGroups,
  setGroupMembers,
} from "../modules/production/group-edits.server";
import { GroupCreateSchema, GroupDeleteSchema, GroupMembersSchema } from "../modules/production/plan-forms";
import { checkRateLimit } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/admin.production.groups";

export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;
export const meta: Route.MetaFunction = () => [{ title: "Shared limits" }];

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  await requireRole(ctx, request, STAFF_ROLES);
  return loadGroups(ctx);
}

/** Which form a post is from: a group's members form is named by the group. */
function formIdOf(formData: FormData) {
  const intent = String(formData.get("intent") ?? "");
  return intent === "members" ? `members-${String(formData.get("groupId") ?? "")}` : intent;
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const staff = await requireRole(ctx, request, STAFF_ROLES);
  const form = await readIntentSubmission(
    request,
    { create: GroupCreateSchema, members: GroupMembersSchema, delete: GroupDeleteSchema },
    { formId: formIdOf },
  );
  const limit = await checkRateLimit(ctx, [["writes", `user:${staff.id}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  if (form.submission.status !== "success") return form.reply();
  let result: GroupEditResult;
  if (form.intent === "create") {
    result = await createGroup(ctx, staff.id, (form.submission.value as typeof GroupCreateSchema._output).name);
  } else if (form.intent === "members") {
    const { groupId, products } = form.submission.value as typeof GroupMembersSchema._output;
    const today = shopLocalDateTime(ctx.now()).slice(0, 10);
    result = await setGroupMembers(ctx, staff.id, today, groupId, products);
  } else {
    result = await deleteGroup(ctx, staff.id, (form.submission.value as typeof GroupDeleteSchema._output).groupId);
  }
  if (!result.ok) {
    return result.field ? form.fieldError(result.field, result.message, 409) : form.formError(result.message, 409);
  }
  return redirectWithNotice(ctx, "/admin/production/groups", result.notice);
}

export default function SharedLimits({ loaderData, actionData }: Route.ComponentProps) {
  const { groups, products } = loaderData;
  return (
    <section aria-labelledby="groups-heading" className="max-w-3xl space-y-6">
      <div>
        <Link to="/admin/production" className="text-sm font-semibold text-crust-700 underline">
          ← Production plan
        </Link>
        <h1 id="groups-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
          Shared limits
        </h1>
        <p className="mt-1 text-sm text-stone-700">
          Products that share an oven or a pair of hands: a sale counts against the product's own number and every group
          it is in. Each group's limit per weekday is set in the production plan's weekly defaults.
        </p>
      </div>
      {groups.map((group) => (
        <MembersForm key={group.id} group={group} products={products} answer={actionData} />
      ))}
      <CreateForm answer={actionData} />
    </section>
  );
}

function MembersForm({
  group,
  products,
  answer,
}: {
  group: { id: number; name: string; productIds: number[] };
  products: { id: number; name: string }[];
  answer: FormAnswer | undefined;
}) {
  const [form] = useSchemaForm(GroupMembersSchema, { answer, id: `members-${group.id}` });
  return (
    <section aria-label={group.name} className="space-y-3 rounded-2xl border border-crust-200 bg-white p-4">
      <div className="flex items-center justify-between gap-3">
        <h2 className="font-serif text-xl font-bold">{group.name}</h2>
        <Form method="post">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="groupId" value={group.id} />
          <Button variant="secondary" size="sm" aria-label={`Remove the group ${group.name}`}>
            Remove group
          </Button>
        </Form>
      </div>
      <SchemaForm form={form} aria-label={`What shares ${group.name}`} className="space-y-3">
        <input type="hidden" name="intent" value="members" />
        <input type="hidden" name="groupId" value={group.id} />
        <fieldset>
          <legend className="text-sm font-medium">Shared by</legend>
          <div className="mt-1 grid gap-1 sm:grid-cols-2">
            {products.map((product) => (
              <label key={product.id} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  name="products"
                  value={product.id}
                  defaultChecked={group.productIds.includes(product.id)}
                />
                {product.name}
              </label>
            ))}
          </div>
        </fieldset>
        <Button size="md">{`Save ${group.name}`}</Button>
      </SchemaForm>
    </section>
  );
}

function CreateForm({ answer }: { answer: FormAnswer | undefined }) {
  const [form, fields] = useSchemaForm(GroupCreateSchema, { answer, id: "create" });
  return (
    <SchemaForm form={form} aria-label="Add a shared limit" className="flex flex-wrap items-end gap-3">
      <input type="hidden" name="intent" value="create" />
      <InputField field={fields.name} label="New group" hint="(like Sourdough oven)" />
      <Button size="md">Add group</Button>
    </SchemaForm>
  );
}
