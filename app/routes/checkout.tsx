import { Link, redirect, useNavigation } from "react-router";
import { CollectionPoint, useBakeryDetails } from "../components/bakery-address";
import { Button } from "../components/forms/button";
import {
  CheckboxField,
  FieldError,
  InputField,
  RadioOption,
  SelectField,
  TextareaField,
} from "../components/forms/fields";
import { SchemaForm } from "../components/forms/schema-form";
import { useSchemaForm } from "../components/forms/use-schema-form";
import { useHydrated } from "../components/use-hydrated";
import { DELIVERY_RULES, NEWSLETTER, SHOP_NAME } from "../lib/constants";
import { formatMoney } from "../lib/money";
import { longDay } from "../lib/shop-dates";
import { getAccountProfile } from "../modules/auth/account.server";
import { getSessionUser } from "../modules/auth/session.server";
import { loadBasket } from "../modules/cart/basket.server";
import { readBasketId } from "../modules/cart/basket-cookie.server";
import { loadShopCalendar } from "../modules/checkout/calendar.server";
import { checkoutSchema } from "../modules/checkout/checkout-form";
import { type SlotOption, withAvailability } from "../modules/checkout/slot-availability.server";
import { collectionSlots, deliveryDays, MAX_SLOT_HORIZON_DAYS, shopLocalDateTime } from "../modules/checkout/slots";
import { startCheckout } from "../modules/checkout/start-checkout.server";
import { readSubmission } from "../modules/forms/submission.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { horizonDays } from "../modules/production/availability";
import { basketDayProblems, noticeSentence } from "../modules/production/basket-days.server";
import { basketPromotion } from "../modules/promotions/basket-promotion.server";
import { expectedDiscount } from "../modules/promotions/discount";
import { checkRateLimit, clientIp, clientKey } from "../modules/rate-limit/rate-limit.server";
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
  const now = ctx.now();
  const calendar = await loadShopCalendar(ctx, shopLocalDateTime(now).slice(0, 10));
  // Far enough ahead for the basket's longest notice (a wedding cake: weeks).
  const horizon = horizonDays(basket.lines.map((line) => line.noticeMinutes));
  const [collectionOptions, deliveryOptions] = await Promise.all([
    withAvailability(ctx, calendar, collectionSlots(now, calendar, horizon)),
    withAvailability(ctx, calendar, deliveryDays(now, calendar, horizon)),
  ]);
  // Only days on which the bakery bakes the whole basket can be chosen; the others say why.
  const { problems, noticeMinutes } = await basketDayProblems(
    ctx,
    basket.lines,
    [...collectionOptions, ...deliveryOptions].map((slot) => slot.date),
  );
  const withProblem = (slot: SlotOption) => ({ ...slot, problem: problems.get(slot.date) ?? null });
  const collection = collectionOptions.map(withProblem);
  const delivery = deliveryOptions.map(withProblem);
  const missingDays = [...problems].flatMap(([date, problem]) =>
    problem ? [{ date, label: longDay(date), problem }] : [],
  );
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
  return {
    basket,
    collection,
    delivery,
    missingDays,
    notice: noticeSentence(noticeMinutes),
    cancelled,
    account,
    promotion: await basketPromotion(ctx, basket),
  };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const now = ctx.now();
  const calendar = await loadShopCalendar(ctx, shopLocalDateTime(now).slice(0, 10));
  // The longest horizon any basket may have: the plan then refuses a day too soon for its notice.
  const horizon = MAX_SLOT_HORIZON_DAYS;
  // The basket's subtotal, so a delivery under the minimum is refused with everything else.
  const basketId = await readBasketId(ctx.env, request);
  const basket = await loadBasket(ctx, basketId);
  const form = await readSubmission(
    request,
    checkoutSchema(collectionSlots(now, calendar, horizon), deliveryDays(now, calendar, horizon), basket.subtotalPence),
  );
  // "Update total" (shown without JavaScript): the same page again with what was typed and the
  // total for the fulfilment chosen; nothing is checked or held yet.
  if (form.formData.get("intent") === "update-total") return form.keepValues();
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  if (!basketId) throw redirect("/basket");
  // Each checkout holds stock and a slot and opens a Stripe session: limited per client and per
  // email. A refusal keeps the form's values, and the basket is untouched.
  const limit = await checkRateLimit(ctx, [
    ["checkout", `ip:${clientIp(request)}`],
    ["checkout", `email:${submission.value.email.toLowerCase()}`],
  ]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
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
      newsletterConsent: value.newsletter === "on" ? NEWSLETTER.consent.version : null,
    },
    publicOrigin(ctx),
    basket,
  );
  if (!result.ok) {
    return result.field
      ? form.fieldError(result.field, result.message, result.status)
      : form.formError(result.message, result.status);
  }
  // Off to Stripe (or the local stand-in) to pay.
  return redirect(result.paymentUrl, 303);
}

export default function Checkout({ loaderData, actionData }: Route.ComponentProps) {
  const { basket, collection, delivery, missingDays, notice, cancelled, account, promotion } = loaderData;
  // The day chosen in the basket is where checkout starts: its first free window, its delivery.
  const usable = (slot: { full: boolean; problem: string | null }) => !slot.full && slot.problem === null;
  const preferredSlot = collection.find((slot) => slot.date === basket.bakeDate && usable(slot));
  const preferredDelivery = delivery.find((slot) => slot.date === basket.bakeDate && usable(slot));
  const bakery = useBakeryDetails();
  const navigation = useNavigation();
  const submitting =
    navigation.state !== "idle" &&
    navigation.formAction === "/checkout" &&
    navigation.formData?.get("intent") !== "update-total";
  const hydrated = useHydrated();
  // The browser checks what the server will, in one round: the same slots the page offers, and
  // the delivery minimum against this basket.
  const [form, fields] = useSchemaForm(checkoutSchema(collection, delivery, basket.subtotalPence), {
    answer: actionData,
    defaultValue: {
      fulfilment: "collection",
      name: account?.name ?? "",
      email: account?.email ?? "",
      phone: account?.phone ?? "",
      address: account?.address ?? "",
      postcode: account?.postcode ?? "",
      collectionSlot: preferredSlot ? `${preferredSlot.date}T${preferredSlot.time}` : undefined,
      deliveryDate: preferredDelivery?.date,
    },
  });
  const slotChoices = (slots: { value: string; label: string; full: boolean; problem: string | null }[]) =>
    slots.map((slot) => ({
      value: slot.value,
      label: slot.problem ? `${slot.label} (not for this basket)` : slot.full ? `${slot.label} (full)` : slot.label,
      disabled: slot.full || slot.problem !== null,
    }));

  // The fulfilment as the form holds it now: live with JavaScript, as posted after "Update total".
  const chosen = fields.fulfilment.value === "delivery" ? "delivery" : "collection";
  const deliveryFeePence = chosen === "delivery" ? DELIVERY_RULES.feePence : 0;
  // What the basket's code should take off goods and delivery; Stripe works out the real figure.
  const discountPence = promotion?.ok ? expectedDiscount(promotion, basket.subtotalPence + deliveryFeePence) : 0;
  const underMinimum = basket.subtotalPence < DELIVERY_RULES.minimumOrderPence;
  // With JavaScript only the chosen fulfilment's fields show; without, both stay, each in its box.
  const showFieldsOf = (fulfilment: "collection" | "delivery") => !hydrated || chosen === fulfilment;

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
        <SchemaForm form={form} className="mt-6 space-y-8">
          <fieldset className="space-y-4">
            <legend className="font-serif text-xl font-bold text-crust-900">Your details</legend>
            <InputField field={fields.name} label="Name" autoComplete="name" />
            <InputField
              field={fields.email}
              label="Email"
              hint="(for your receipt)"
              type="email"
              autoComplete="email"
            />
            <InputField
              field={fields.phone}
              label="Phone"
              hint="(optional, in case we need to reach you)"
              type="tel"
              autoComplete="tel"
            />
            {/* Unticked: marketing email only for those who ask (PECR), with the words' version kept. */}
            <CheckboxField field={fields.newsletter} label={NEWSLETTER.consent.wording} />
          </fieldset>

          {/* The fulfilment field's id (each radio has its own): an error summary's link lands here. */}
          <fieldset id={fields.fulfilment.id} className="space-y-4">
            <legend className="font-serif text-xl font-bold text-crust-900">Collection or delivery</legend>
            <FieldError field={fields.fulfilment} />
            {missingDays.length > 0 ? (
              <div className="rounded-lg bg-amber-50 p-3 text-sm text-amber-950">
                <p className="font-semibold">Some days can't be chosen for this basket:</p>
                <ul className="mt-1 list-disc space-y-1 pl-5">
                  {missingDays.map((day) => (
                    <li key={day.date}>
                      {day.label}: {day.problem}.
                    </li>
                  ))}
                </ul>
                <p className="mt-2">
                  Choose another day, or{" "}
                  <Link to="/basket" className="underline">
                    change your basket
                  </Link>
                  .
                </p>
              </div>
            ) : null}
            <div className="space-y-3 rounded-xl border border-crust-200 bg-white p-4">
              <RadioOption field={fields.fulfilment} value="collection">
                Collect from the bakery (free)
              </RadioOption>
              {bakery ? (
                <div className="text-sm text-stone-700">
                  <p className="font-semibold">{bakery.name}</p>
                  <CollectionPoint bakery={bakery} />
                </div>
              ) : null}
              <div hidden={!showFieldsOf("collection")} className="space-y-3">
                <SelectField
                  field={fields.collectionSlot}
                  label="Collection time"
                  placeholder="Choose a time"
                  choices={slotChoices(collection.map((slot) => ({ ...slot, value: `${slot.date}T${slot.time}` })))}
                />
                <p className="text-sm text-stone-700">{notice}</p>
              </div>
            </div>
            <div className="space-y-3 rounded-xl border border-crust-200 bg-white p-4">
              <RadioOption field={fields.fulfilment} value="delivery">
                Local delivery ({formatMoney(DELIVERY_RULES.feePence)}, orders over{" "}
                {formatMoney(DELIVERY_RULES.minimumOrderPence)})
              </RadioOption>
              {underMinimum ? (
                // Said before anyone chooses delivery, not only after the server refuses it.
                <p className="text-sm font-semibold text-amber-950">
                  {`Your basket is ${formatMoney(basket.subtotalPence, basket.currency)}: add ${formatMoney(
                    DELIVERY_RULES.minimumOrderPence - basket.subtotalPence,
                    basket.currency,
                  )} more for delivery, or collect it free.`}
                </p>
              ) : null}
              <p className="text-sm text-stone-700">We deliver to {DELIVERY_RULES.postcodeDistricts.join(", ")}.</p>
              <div hidden={!showFieldsOf("delivery")} className="space-y-3">
                <SelectField
                  field={fields.deliveryDate}
                  label="Delivery day"
                  placeholder="Choose a day"
                  choices={slotChoices(delivery.map((slot) => ({ ...slot, value: slot.date })))}
                />
                <TextareaField field={fields.address} label="Delivery address" rows={3} autoComplete="street-address" />
                <InputField
                  field={fields.postcode}
                  label="Postcode"
                  autoComplete="postal-code"
                  className="max-w-40 uppercase"
                />
              </div>
            </div>
            {hydrated ? null : (
              // Without JavaScript the total cannot follow the choice by itself: this shows it.
              <Button variant="secondary" size="md" name="intent" value="update-total" formNoValidate>
                Update total
              </Button>
            )}
          </fieldset>

          <Button size="xl" pending={submitting}>
            {submitting ? "Reserving your order…" : "Continue to payment"}
          </Button>
        </SchemaForm>
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
        {/* Announced as it changes with the fulfilment chosen (with JavaScript, as it is chosen). */}
        <dl aria-live="polite" className="mt-4 space-y-1 border-t border-crust-200 pt-3">
          <div className="flex justify-between">
            <dt>Subtotal</dt>
            <dd>{formatMoney(basket.subtotalPence, basket.currency)}</dd>
          </div>
          <div className="flex justify-between">
            <dt>{chosen === "delivery" ? "Delivery" : "Collection"}</dt>
            <dd>{deliveryFeePence > 0 ? formatMoney(deliveryFeePence, basket.currency) : "Free"}</dd>
          </div>
          {promotion?.ok ? (
            <div className="flex justify-between">
              <dt>{`${promotion.code} (${promotion.description})`}</dt>
              <dd data-testid="checkout-discount">{`−${formatMoney(discountPence, basket.currency)}`}</dd>
            </div>
          ) : null}
          <div className="flex justify-between border-t border-crust-200 pt-2 text-lg font-bold">
            <dt>Total</dt>
            <dd data-testid="checkout-total">
              {formatMoney(basket.subtotalPence + deliveryFeePence - discountPence, basket.currency)}
            </dd>
          </div>
        </dl>
        {promotion && !promotion.ok ? (
          <p className="mt-2 text-sm font-semibold text-red-800">{`${promotion.message}. `}</p>
        ) : null}
        {promotion?.ok ? (
          <p className="mt-2 text-sm text-stone-700">Stripe takes the discount off on the payment page.</p>
        ) : null}
        <Link to="/basket" className="mt-3 inline-block text-sm font-semibold text-crust-700 underline">
          Change basket
        </Link>
      </aside>
    </div>
  );
}
