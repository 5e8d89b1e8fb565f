import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useNavigation } from "react-router";
import { FormErrors } from "../components/form-field";
import { COLLECTION_RULES, DELIVERY_RULES, SHOP_NAME } from "../lib/constants";
import { formatMoney } from "../lib/money";
import { getAccountProfile } from "../modules/auth/account.server";
import { getSessionUser } from "../modules/auth/session.server";
import { loadBasket } from "../modules/cart/basket.server";
import { readBasketId } from "../modules/cart/basket-cookie.server";
import { CheckoutFields, checkoutSchema } from "../modules/checkout/checkout-form";
import { withAvailability } from "../modules/checkout/slot-availability.server";
import { collectionSlots, deliveryDays } from "../modules/checkout/slots";
import { startCheckout } from "../modules/checkout/start-checkout.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { checkRateLimit, clientIp, clientKey, tooManyAttempts } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/checkout";

export const meta: Route.MetaFunction = () => [
  { title: `Checkout | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

// Lets a 429's Retry-After reach the browser.
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const basket = await loadBasket(ctx, await readBasketId(ctx.env, request));
  if (basket.lines.length === 0) throw redirect("/basket");
  const now = new Date();
  const [collection, delivery] = await Promise.all([
    withAvailability(ctx, collectionSlots(now)),
    withAvailability(ctx, deliveryDays(now)),
  ]);
  const cancelled = new URL(request.url).searchParams.has("cancelled");
  const user = await getSessionUser(ctx, request);
  // A signed-in customer's saved details are filled in for them.
  const profile = user ? await getAccountProfile(ctx, user.id) : null;
  const account = profile
    ? {
        name: profile.name,
        email: profile.email,
        phone: profile.phone,
        address: profile.address,
        postcode: profile.postcode,
      }
    : null;
  return { basket, collection, delivery, cancelled, account };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const now = new Date();
  const formData = await readForm(request);
  const submission = parseWithZod(formData, { schema: checkoutSchema(collectionSlots(now), deliveryDays(now)) });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });

  const basketId = await readBasketId(ctx.env, request);
  if (!basketId) throw redirect("/basket");
  // Each checkout holds stock and a slot and opens a Stripe session: limited per client and per
  // email. A refusal keeps the form's values, and the basket is untouched.
  const limit = await checkRateLimit(ctx, [
    ["checkout", `ip:${clientIp(request)}`],
    ["checkout", `email:${submission.value.email.toLowerCase()}`],
  ]);
  if (!limit.allowed) return tooManyAttempts(submission, limit.retryAfterSeconds, []);
  const user = await getSessionUser(ctx, request);
  const value = submission.value;
  const [slotDate = "", slotTime = ""] =
    value.fulfilment === "collection"
      ? (value.collectionSlot ?? "").split("T")
      : [value.deliveryDate ?? "", "delivery"];
  const result = await startCheckout(
    ctx,
    basketId,
    {
      name: value.name,
      email: value.email,
      phone: value.phone ?? "",
      fulfilment: value.fulfilment,
      slotDate,
      slotTime,
      address: value.fulfilment === "delivery" ? (value.address ?? null) : null,
      postcode: value.fulfilment === "delivery" ? (value.postcode?.toUpperCase() ?? null) : null,
      userId: user?.id ?? null,
      clientKey: await clientKey(ctx, request),
    },
    publicOrigin(ctx),
  );
  if (!result.ok) {
    const reply = result.field
      ? submission.reply({ fieldErrors: { [result.field]: [result.message] } })
      : submission.reply({ formErrors: [result.message] });
    return data({ result: reply }, { status: result.status });
  }
  // Off to Stripe (or the local stand-in) to pay.
  return redirect(result.paymentUrl, 303);
}

export default function Checkout({ loaderData, actionData }: Route.ComponentProps) {
  const { basket, collection, delivery, cancelled, account } = loaderData;
  const navigation = useNavigation();
  const submitting = navigation.state !== "idle" && navigation.formAction === "/checkout";
  const [form, fields] = useForm({
    lastResult: actionData?.result,
    constraint: getZodConstraint(CheckoutFields),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    defaultValue: {
      fulfilment: "collection",
      name: account?.name ?? "",
      email: account?.email ?? "",
      phone: account?.phone ?? "",
      address: account?.address ?? "",
      postcode: account?.postcode ?? "",
    },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: CheckoutFields }),
  });
  const errorText = (errors: string[] | undefined, id: string) =>
    errors ? (
      <p id={id} className="mt-1 text-sm font-semibold text-red-800">
        {errors.join(" ")}
      </p>
    ) : null;
  const input = "mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2";

  return (
    <div className="grid gap-10 lg:grid-cols-[1fr_20rem]">
      <section aria-labelledby="checkout-heading">
        <h1 id="checkout-heading" className="font-serif text-3xl font-bold text-crust-900">
          Checkout
        </h1>
        {cancelled ? (
          <p role="status" className="mt-4 rounded-lg bg-amber-50 p-3 text-amber-950">
            Payment was cancelled and nothing was charged. Your basket is as you left it.
          </p>
        ) : null}
        <Form method="post" {...getFormProps(form)} className="mt-6 space-y-8">
          <FormErrors id={form.errorId} errors={form.errors} />
          <fieldset className="space-y-4">
            <legend className="font-serif text-xl font-bold text-crust-900">Your details</legend>
            <div>
              <label htmlFor={fields.name.id} className="font-medium">
                Name
              </label>
              <input {...getInputProps(fields.name, { type: "text" })} autoComplete="name" className={input} />
              {errorText(fields.name.errors, fields.name.errorId)}
            </div>
            <div>
              <label htmlFor={fields.email.id} className="font-medium">
                Email <span className="font-normal text-stone-700">(for your receipt)</span>
              </label>
              <input {...getInputProps(fields.email, { type: "email" })} autoComplete="email" className={input} />
              {errorText(fields.email.errors, fields.email.errorId)}
            </div>
            <div>
              <label htmlFor={fields.phone.id} className="font-medium">
                Phone <span className="font-normal text-stone-700">(optional, in case we need to reach you)</span>
              </label>
              <input {...getInputProps(fields.phone, { type: "tel" })} autoComplete="tel" className={input} />
              {errorText(fields.phone.errors, fields.phone.errorId)}
            </div>
          </fieldset>

          <fieldset className="space-y-4">
            <legend className="font-serif text-xl font-bold text-crust-900">Collection or delivery</legend>
            {errorText(fields.fulfilment.errors, fields.fulfilment.errorId)}
            <div className="rounded-xl border border-crust-200 bg-white p-4">
              <label className="flex items-center gap-2 font-semibold">
                <input {...getInputProps(fields.fulfilment, { type: "radio", value: "collection" })} />
                Collect from the bakery (free)
              </label>
              <label htmlFor={fields.collectionSlot.id} className="mt-3 block text-sm font-medium">
                Collection time
              </label>
              <select {...getSelectProps(fields.collectionSlot)} className={input}>
                <option value="">Choose a time</option>
                {collection.map((slot) => (
                  <option key={`${slot.date}T${slot.time}`} value={`${slot.date}T${slot.time}`} disabled={slot.full}>
                    {slot.full ? `${slot.label} (full)` : slot.label}
                  </option>
                ))}
              </select>
              {errorText(fields.collectionSlot.errors, fields.collectionSlot.errorId)}
              <p className="mt-2 text-sm text-stone-700">
                Orders close at {COLLECTION_RULES.cutoffHour}:00 the evening before each bake day.
              </p>
            </div>
            <div className="rounded-xl border border-crust-200 bg-white p-4">
              <label className="flex items-center gap-2 font-semibold">
                <input {...getInputProps(fields.fulfilment, { type: "radio", value: "delivery" })} />
                Local delivery ({formatMoney(DELIVERY_RULES.feePence)}, orders over{" "}
                {formatMoney(DELIVERY_RULES.minimumOrderPence)})
              </label>
              <p className="mt-1 text-sm text-stone-700">
                We deliver to {DELIVERY_RULES.postcodeDistricts.join(", ")}.
              </p>
              <label htmlFor={fields.deliveryDate.id} className="mt-3 block text-sm font-medium">
                Delivery day
              </label>
              <select {...getSelectProps(fields.deliveryDate)} className={input}>
                <option value="">Choose a day</option>
                {delivery.map((slot) => (
                  <option key={slot.date} value={slot.date} disabled={slot.full}>
                    {slot.full ? `${slot.label} (full)` : slot.label}
                  </option>
                ))}
              </select>
              {errorText(fields.deliveryDate.errors, fields.deliveryDate.errorId)}
              <label htmlFor={fields.address.id} className="mt-3 block text-sm font-medium">
                Delivery address
              </label>
              <textarea
                {...getTextareaProps(fields.address)}
                rows={3}
                autoComplete="street-address"
                className={input}
              />
              {errorText(fields.address.errors, fields.address.errorId)}
              <label htmlFor={fields.postcode.id} className="mt-3 block text-sm font-medium">
                Postcode
              </label>
              <input
                {...getInputProps(fields.postcode, { type: "text" })}
                autoComplete="postal-code"
                className={`${input} max-w-40 uppercase`}
              />
              {errorText(fields.postcode.errors, fields.postcode.errorId)}
            </div>
          </fieldset>

          <button
            type="submit"
            disabled={submitting}
            className="rounded-full bg-crust-700 px-8 py-3 text-lg font-semibold text-white hover:bg-crust-800 disabled:opacity-70"
          >
            {submitting ? "Reserving your order…" : "Continue to payment"}
          </button>
        </Form>
      </section>

      <aside aria-labelledby="summary-heading" className="h-fit rounded-2xl border border-crust-200 bg-white p-4">
        <h2 id="summary-heading" className="font-serif text-xl font-bold text-crust-900">
          Your order
        </h2>
        <ul className="mt-3 space-y-2">
          {basket.lines.map((line) => (
            <li key={line.productId} className="flex justify-between gap-2 text-sm">
              <span>{`${line.name} × ${line.quantity}`}</span>
              <span className="font-semibold">{formatMoney(line.lineTotalPence, line.currency)}</span>
            </li>
          ))}
        </ul>
        <p className="mt-4 flex justify-between border-t border-crust-200 pt-3 font-bold">
          <span>Subtotal</span>
          <span>{formatMoney(basket.subtotalPence, basket.currency)}</span>
        </p>
        <Link to="/basket" className="mt-3 inline-block text-sm font-semibold text-crust-700 underline">
          Change basket
        </Link>
      </aside>
    </div>
  );
}
