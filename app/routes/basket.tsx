import { Form, Link, redirect, useNavigation } from "react-router";
import { Button, buttonClass } from "../components/forms/button";
import { ErrorSummary } from "../components/forms/fields";
import { SHOP_NAME } from "../lib/constants";
import type { FormAnswer } from "../lib/form-answer";
import { formatMoney } from "../lib/money";
import { safeRedirect } from "../lib/safe-redirect";
import { longDay } from "../lib/shop-dates";
import { changeBasket, keepWithBasket, loadBasket } from "../modules/cart/basket.server";
import { readBasketId, serializeBasketId } from "../modules/cart/basket-cookie.server";
import { basketBakeDays } from "../modules/cart/basket-days.server";
import { BasketFormSchema } from "../modules/cart/basket-form";
import { readSubmission } from "../modules/forms/submission.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { planKey } from "../modules/production/availability";
import { productBakeDays } from "../modules/production/bake-days.server";
import { basketPromotion } from "../modules/promotions/basket-promotion.server";
import { checkPromotion } from "../modules/promotions/promotions.server";
import { checkRateLimit, clientIp } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/basket";

export const meta: Route.MetaFunction = () => [
  { title: `Your basket | ${SHOP_NAME}` },
  { name: "robots", content: "noindex" },
];

// Lets a 429's Retry-After reach the browser.
export const headers: Route.HeadersFunction = ({ actionHeaders }) => actionHeaders;

export async function loader({ request, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const basket = await loadBasket(ctx, await readBasketId(ctx.env, request));
  return { basket, promotion: await basketPromotion(ctx, basket), ...(await basketBakeDays(ctx, basket)) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const form = await readSubmission(request, BasketFormSchema, {
    formId: (formData) =>
      formData.get("intent") === "day"
        ? "bake-day"
        : String(formData.get("intent")).endsWith("promotion")
          ? PROMOTION_FORM
          : formData.get("intent") === "add"
            ? `add-${String(formData.get("productId"))}`
            : lineFormId(Number(formData.get("lineId"))),
  });
  const { submission } = form;
  if (submission.status !== "success") return form.reply();
  const limit = await checkRateLimit(ctx, [["basket", `ip:${clientIp(request)}`]]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);

  const headers = new Headers();
  let basketId = await readBasketId(ctx.env, request);
  if (!basketId) {
    basketId = crypto.randomUUID();
    headers.append("Set-Cookie", await serializeBasketId(ctx.env, basketId));
  }
  // Nothing is added that no coming bake day has on sale (the product page offers no button then).
  // A product that is not in the shop at all has no days, and is answered as unknown below.
  if (submission.value.intent === "add") {
    const { days, next } = await productBakeDays(ctx, submission.value.productId);
    if (days.length > 0 && !next) {
      return form.reply({ status: 409, formErrors: ["Sorry, that isn't on sale for the coming days."], headers });
    }
  }
  if (submission.value.intent === "promotion" || submission.value.intent === "remove-promotion") {
    let code: string | null = null;
    if (submission.value.intent === "promotion") {
      const checked = await checkPromotion(ctx, submission.value.code, (await loadBasket(ctx, basketId)).subtotalPence);
      if (!checked.ok) return form.fieldError("code", checked.message, 409);
      code = checked.promotion.code;
    }
    await keepWithBasket(ctx, basketId, { promotionCode: code });
    return redirect("/basket", { status: 303, headers });
  }
  if (submission.value.intent === "day") {
    const bakeDate = submission.value.bakeDate ?? null;
    if (
      bakeDate &&
      !(await basketBakeDays(ctx, await loadBasket(ctx, basketId))).days.some((d) => d.date === bakeDate)
    ) {
      return form.fieldError("bakeDate", "We don't bake on that day: choose one from the list.", 409);
    }
    await keepWithBasket(ctx, basketId, { bakeDate });
    return redirect("/basket", { status: 303, headers });
  }
  const result = await changeBasket(ctx, basketId, submission.value);
  if (!result.ok) {
    if (result.reason === "options") {
      // By the field on the product page (JavaScript); above the basket without it.
      return form.reply({
        status: 400,
        fieldErrors: { [result.field]: [result.message] },
        formErrors: [result.message],
        headers,
      });
    }
    return form.reply({ status: 409, formErrors: ["That product is no longer available."], headers });
  }
  const fallback = "/basket";
  const to = submission.value.intent === "add" ? safeRedirect(submission.value.redirectTo, fallback) : fallback;
  return redirect(to, { status: 303, headers });
}

/** The promotion code form's id: its refusal comes back by its field. */
const PROMOTION_FORM = "promotion";

/** Each line's form: a refused quantity comes back to the line it was typed in. */
const lineFormId = (lineId: number) => `line-${lineId}`;

/**
 * The refused fields of the basket's own forms, each linked to its control: a line's quantity, or
 * the bake day. (A product's options were refused on its page; here they are a form error.)
 */
function basketFieldErrors(answer: FormAnswer) {
  const line = answer.formId?.match(/^line-(\d+)$/)?.[1];
  const controls: Record<string, string | undefined> = {
    quantity: line ? `quantity-${line}` : undefined,
    bakeDate: answer.formId === "bake-day" ? "bake-day" : undefined,
    code: answer.formId === PROMOTION_FORM ? "promotion-code" : undefined,
  };
  return Object.entries(answer.result.error ?? {}).flatMap(([name, messages]) => {
    const fieldId = controls[name];
    return fieldId && messages?.length ? [{ fieldId, message: messages.join(" ") }] : [];
  });
}

export default function BasketPage({ loaderData, actionData }: Route.ComponentProps) {
  const { basket, days, chosen, promotion } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction === "/basket";

  return (
    <section aria-labelledby="basket-heading" className="mx-auto max-w-3xl">
      <h1 id="basket-heading" className="font-serif text-3xl font-bold text-crust-900">
        Your basket
      </h1>
      {actionData?.result.status === "error" ? (
        <div className="mt-4">
          <ErrorSummary
            id="basket-errors"
            formErrors={actionData.result.error?.[""] ?? []}
            fieldErrors={basketFieldErrors(actionData)}
          />
        </div>
      ) : null}
      {basket.lines.length === 0 ? (
        <div className="mt-6 rounded-2xl border border-dashed border-crust-300 bg-white p-8 text-center">
          <p className="font-semibold">Your basket is empty.</p>
          <Link to="/shop" className="mt-4 inline-block font-semibold text-crust-700 underline">
            Browse today's bakes
          </Link>
        </div>
      ) : (
        <>
          <BakeDayChooser days={days} chosen={chosen} answer={actionData} />
          {/* Busy while a change is on its way: said, not faded (faded text fails contrast). */}
          <ul
            aria-busy={busy || undefined}
            className="mt-6 divide-y divide-crust-200 rounded-2xl border border-crust-200 bg-white"
          >
            {basket.lines.map((line) => {
              const rejected = actionData?.formId === lineFormId(line.lineId) ? actionData.result : undefined;
              const errors = rejected?.error?.quantity;
              // A rejected value comes back as typed, so the shopper can see and fix it.
              const typed = rejected?.initialValue?.quantity;
              const errorId = `quantity-error-${line.lineId}`;
              return (
                <li key={line.lineId} className="flex flex-wrap items-center gap-4 p-4">
                  {line.image ? (
                    <img
                      src={line.image.src}
                      srcSet={line.image.srcSet}
                      sizes="96px"
                      width={line.image.width}
                      height={line.image.height}
                      alt=""
                      className="aspect-[4/3] h-auto w-24 rounded-lg object-cover"
                    />
                  ) : null}
                  <div className="min-w-40 flex-1">
                    <Link to={`/products/${line.slug}`} className="font-serif text-lg font-bold hover:underline">
                      {line.name}
                    </Link>
                    {line.options ? <p className="text-sm">{line.options}</p> : null}
                    {line.message ? <p className="text-sm">{`Message: “${line.message}”`}</p> : null}
                    <p className="text-sm text-stone-700">{formatMoney(line.pricePence, line.currency)} each</p>
                    {line.quantity >= line.maxPerOrder ? (
                      <p className="text-sm font-semibold text-amber-800">{`Up to ${line.maxPerOrder} per order.`}</p>
                    ) : null}
                    {chosen?.lines[planKey(line.productId, line.variantId)] ? (
                      <p className="text-sm font-semibold text-red-800" data-testid="line-day-problem">
                        {`${chosen.lines[planKey(line.productId, line.variantId)]}. Remove it or change the quantity, or choose another day.`}
                      </p>
                    ) : null}
                  </div>
                  <Form method="post" action="/basket" className="flex items-end gap-2" preventScrollReset>
                    <input type="hidden" name="formId" value={lineFormId(line.lineId)} />
                    <input type="hidden" name="lineId" value={line.lineId} />
                    <div>
                      <label htmlFor={`quantity-${line.lineId}`} className="block text-sm font-medium">
                        Quantity<span className="sr-only"> of {line.name}</span>
                      </label>
                      <input
                        id={`quantity-${line.lineId}`}
                        type="number"
                        name="quantity"
                        inputMode="numeric"
                        min={0}
                        max={line.maxPerOrder}
                        required
                        defaultValue={typeof typed === "string" ? typed : line.quantity}
                        key={`${line.lineId}-${line.quantity}-${typeof typed === "string" ? typed : ""}`}
                        aria-invalid={errors ? true : undefined}
                        aria-describedby={errors ? errorId : undefined}
                        className="w-20 rounded-lg border border-stone-300 px-2 py-1.5"
                      />
                    </div>
                    <Button variant="secondary" size="sm" name="intent" value="set" pending={busy}>
                      Update<span className="sr-only"> {lineName(line)}</span>
                    </Button>
                    <Button
                      variant="link"
                      name="intent"
                      value="remove"
                      formNoValidate
                      pending={busy}
                      className="px-3 py-1.5 text-sm text-red-800"
                    >
                      Remove<span className="sr-only"> {lineName(line)}</span>
                    </Button>
                    {errors ? (
                      <p id={errorId} className="w-full text-sm font-semibold text-red-800">
                        {errors.join(" ")}
                      </p>
                    ) : null}
                  </Form>
                  {/* Right-aligned with the subtotal, also when it wraps under the quantity on a phone. */}
                  <p className="ml-auto w-24 text-right font-bold">{formatMoney(line.lineTotalPence, line.currency)}</p>
                </li>
              );
            })}
          </ul>
          <div className="mt-6 flex items-center justify-between rounded-2xl bg-crust-100 p-4">
            <p className="text-lg">{`Subtotal (${basket.itemCount} ${basket.itemCount === 1 ? "item" : "items"})`}</p>
            <p className="text-2xl font-bold" data-testid="basket-subtotal">
              {formatMoney(basket.subtotalPence, basket.currency)}
            </p>
          </div>
          <PromotionCodeBox promotion={promotion} answer={actionData} />
          <div className="mt-6 flex justify-end">
            <Link to="/checkout" className={buttonClass({ size: "xl" })}>
              Checkout
            </Link>
          </div>
        </>
      )}
    </section>
  );
}

/**
 * The day the basket is for, kept with the basket (a plain form, so it works without JavaScript):
 * each day says whether everything can be had then; for the chosen day, each line says if not.
 */
function BakeDayChooser({
  days,
  chosen,
  answer,
}: {
  days: Route.ComponentProps["loaderData"]["days"];
  chosen: Route.ComponentProps["loaderData"]["chosen"];
  answer: Route.ComponentProps["actionData"];
}) {
  const errors = answer?.formId === "bake-day" ? answer.result.error?.bakeDate : undefined;
  const everything = chosen && Object.keys(chosen.lines).length === 0 && chosen.shared.length === 0;
  return (
    <section aria-labelledby="bake-day-heading" className="mt-6 rounded-2xl border border-crust-200 bg-white p-4">
      <h2 id="bake-day-heading" className="font-serif text-xl font-bold">
        {chosen ? `For ${longDay(chosen.date)}` : "Which day is it for?"}
      </h2>
      {chosen ? (
        <p className={everything ? "text-green-900" : "font-semibold text-red-800"}>
          {everything
            ? "Everything in your basket is baked that day."
            : ["Not everything in your basket can be had that day: see below.", ...chosen.shared].join(" ")}
        </p>
      ) : (
        <p className="text-sm text-stone-700">
          Choose a bake day to see what can be had then. You can change it at checkout.
        </p>
      )}
      <Form method="post" action="/basket" className="mt-3 flex flex-wrap items-end gap-3" preventScrollReset>
        <input type="hidden" name="formId" value="bake-day" />
        {/* A long day's name ("… (not everything)") must not push the select past its card on a phone. */}
        <label className="min-w-0 max-w-full text-sm font-medium">
          Bake day
          <select
            id="bake-day"
            name="bakeDate"
            defaultValue={chosen?.date ?? ""}
            key={chosen?.date ?? "none"}
            aria-invalid={errors ? true : undefined}
            aria-describedby={errors ? "bake-day-error" : undefined}
            className="mt-1 block max-w-full rounded-lg border border-stone-300 bg-white px-3 py-2"
          >
            <option value="">Not chosen yet</option>
            {days.map((day) => (
              <option key={day.date} value={day.date}>
                {`${longDay(day.date)}${day.problem ? " (not everything)" : ""}`}
              </option>
            ))}
          </select>
        </label>
        <Button variant="secondary" size="md" name="intent" value="day">
          Choose this day
        </Button>
        {errors ? (
          <p id="bake-day-error" className="w-full text-sm font-semibold text-red-800">
            {errors.join(" ")}
          </p>
        ) : null}
      </Form>
    </section>
  );
}

/**
 * A promotion code: a plain form to enter one (or take it off), and what it should take off. The
 * discount itself is Stripe's, on the payment page; this says what to expect.
 */
function PromotionCodeBox({
  promotion,
  answer,
}: {
  promotion: Route.ComponentProps["loaderData"]["promotion"];
  answer: Route.ComponentProps["actionData"];
}) {
  const errors = answer?.formId === PROMOTION_FORM ? answer.result.error?.code : undefined;
  const typed = answer?.formId === PROMOTION_FORM ? answer.result.initialValue?.code : undefined;
  return (
    <section aria-labelledby="promotion-heading" className="mt-6 rounded-2xl border border-crust-200 bg-white p-4">
      <h2 id="promotion-heading" className="font-serif text-xl font-bold">
        Promotion code
      </h2>
      {promotion ? (
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <p className={promotion.ok ? "text-green-900" : "font-semibold text-red-800"} data-testid="basket-promotion">
            {promotion.ok
              ? `${promotion.code}: ${promotion.description}, about −${formatMoney(promotion.expectedPence)} on this basket. Taken off when you pay.`
              : `${promotion.message}.`}
          </p>
          <Form method="post" action="/basket" preventScrollReset>
            <input type="hidden" name="formId" value={PROMOTION_FORM} />
            <Button variant="link" name="intent" value="remove-promotion" className="px-3 py-1.5 text-sm text-red-800">
              Remove code<span className="sr-only"> {promotion.code}</span>
            </Button>
          </Form>
        </div>
      ) : (
        <Form method="post" action="/basket" className="mt-2 flex flex-wrap items-end gap-3" preventScrollReset>
          <input type="hidden" name="formId" value={PROMOTION_FORM} />
          <div>
            <label htmlFor="promotion-code" className="block text-sm font-medium">
              Code
            </label>
            <input
              id="promotion-code"
              name="code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={30}
              defaultValue={typeof typed === "string" ? typed : ""}
              key={typeof typed === "string" ? typed : ""}
              aria-invalid={errors ? true : undefined}
              aria-describedby={errors ? "promotion-code-error" : undefined}
              className="mt-1 block w-48 rounded-lg border border-stone-300 px-3 py-2 uppercase"
            />
          </div>
          <Button variant="secondary" size="md" name="intent" value="promotion">
            Apply code
          </Button>
          {errors ? (
            <p id="promotion-code-error" className="w-full text-sm font-semibold text-red-800">
              {errors.join(" ")}
            </p>
          ) : (
            <p className="w-full text-sm text-stone-700">You can also enter a code on the payment page.</p>
          )}
        </Form>
      )}
    </section>
  );
}

/** A line's name for buttons read aloud: the product, and its options when it has any. */
const lineName = (line: { name: string; options: string }) =>
  line.options ? `${line.name} (${line.options})` : line.name;
