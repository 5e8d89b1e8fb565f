import { Form, Link, redirect, useNavigation } from "react-router";
import { Button, buttonClass } from "../components/forms/button";
import { SHOP_NAME } from "../lib/constants";
import { formatMoney } from "../lib/money";
import { safeRedirect } from "../lib/safe-redirect";
import { changeBasket, loadBasket } from "../modules/cart/basket.server";
import { readBasketId, serializeBasketId } from "../modules/cart/basket-cookie.server";
import { BasketFormSchema } from "../modules/cart/basket-form";
import { readSubmission } from "../modules/forms/submission.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import { productBakeDays } from "../modules/production/bake-days.server";
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
  return { basket: await loadBasket(ctx, await readBasketId(ctx.env, request)) };
}

export async function action({ request, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const form = await readSubmission(request, BasketFormSchema, {
    formId: (formData) => lineFormId(Number(formData.get("productId"))),
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
  const result = await changeBasket(ctx, basketId, submission.value);
  if (!result.ok) {
    return form.reply({ status: 409, formErrors: ["That product is no longer available."], headers });
  }
  const fallback = "/basket";
  const to = submission.value.intent === "add" ? safeRedirect(submission.value.redirectTo, fallback) : fallback;
  return redirect(to, { status: 303, headers });
}

/** Each line's form: a refused quantity comes back to the line it was typed in. */
const lineFormId = (productId: number) => `line-${productId}`;

export default function BasketPage({ loaderData, actionData }: Route.ComponentProps) {
  const { basket } = loaderData;
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction === "/basket";

  return (
    <section aria-labelledby="basket-heading" className="mx-auto max-w-3xl">
      <h1 id="basket-heading" className="font-serif text-3xl font-bold text-crust-900">
        Your basket
      </h1>
      {actionData?.result.error?.[""] ? (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 font-semibold text-red-800">
          {actionData.result.error[""].join(" ")}
        </p>
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
          <ul
            className={`mt-6 divide-y divide-crust-200 rounded-2xl border border-crust-200 bg-white ${busy ? "opacity-70" : ""}`}
          >
            {basket.lines.map((line) => {
              const rejected = actionData?.formId === lineFormId(line.productId) ? actionData.result : undefined;
              const errors = rejected?.error?.quantity;
              // A rejected value comes back as typed, so the shopper can see and fix it.
              const typed = rejected?.initialValue?.quantity;
              const errorId = `quantity-error-${line.productId}`;
              return (
                <li key={line.productId} className="flex flex-wrap items-center gap-4 p-4">
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
                    <p className="text-sm text-stone-700">{formatMoney(line.pricePence, line.currency)} each</p>
                    {line.quantity >= line.maxPerOrder ? (
                      <p className="text-sm font-semibold text-amber-800">{`Up to ${line.maxPerOrder} per order.`}</p>
                    ) : null}
                  </div>
                  <Form method="post" action="/basket" className="flex items-end gap-2" preventScrollReset>
                    <input type="hidden" name="formId" value={lineFormId(line.productId)} />
                    <input type="hidden" name="productId" value={line.productId} />
                    <div>
                      <label htmlFor={`quantity-${line.productId}`} className="block text-sm font-medium">
                        Quantity<span className="sr-only"> of {line.name}</span>
                      </label>
                      <input
                        id={`quantity-${line.productId}`}
                        type="number"
                        name="quantity"
                        inputMode="numeric"
                        min={0}
                        max={line.maxPerOrder}
                        required
                        defaultValue={typeof typed === "string" ? typed : line.quantity}
                        key={`${line.productId}-${line.quantity}-${typeof typed === "string" ? typed : ""}`}
                        aria-invalid={errors ? true : undefined}
                        aria-describedby={errors ? errorId : undefined}
                        className="w-20 rounded-lg border border-stone-300 px-2 py-1.5"
                      />
                    </div>
                    <Button variant="secondary" size="sm" name="intent" value="set" pending={busy}>
                      Update<span className="sr-only"> {line.name}</span>
                    </Button>
                    <Button
                      variant="link"
                      name="intent"
                      value="remove"
                      formNoValidate
                      pending={busy}
                      className="px-3 py-1.5 text-sm text-red-800"
                    >
                      Remove<span className="sr-only"> {line.name}</span>
                    </Button>
                    {errors ? (
                      <p id={errorId} className="w-full text-sm font-semibold text-red-800">
                        {errors.join(" ")}
                      </p>
                    ) : null}
                  </Form>
                  <p className="w-24 text-right font-bold">{formatMoney(line.lineTotalPence, line.currency)}</p>
                </li>
              );
            })}
          </ul>
          <div className="mt-6 flex items-center justify-between rounded-2xl bg-crust-100 p-4">
            <p className="text-lg">{`Subtotal (${basket.itemCount} ${basket.itemCount === 1 ? "item" : "items"})`}</p>
            <p className="text-2xl font-bold">{formatMoney(basket.subtotalPence, basket.currency)}</p>
          </div>
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
