import { data, Link } from "react-router";
import { AddToBasket } from "../components/add-to-basket";
import { AllergenList } from "../components/allergen-list";
import { BakeDays } from "../components/bake-days";
import { NextDayBadge } from "../components/next-day-badge";
import { NotifyMe, type WaitableDay } from "../components/notify-me";
import { DietaryBadges } from "../components/product-card";
import { formatMoney } from "../lib/money";
import { originFromMatches, pageMeta } from "../lib/seo";
import { longDay } from "../lib/shop-dates";
import { productJsonLd } from "../modules/catalog/json-ld";
import { getProduct } from "../modules/catalog/queries.server";
import { readSubmission } from "../modules/forms/submission.server";
import { redirectWithNotice } from "../modules/notices/flash.server";
import { canWaitFor, NotifyMeSchema, requestNotification } from "../modules/notify/notify-me.server";
import { getRequestContext, publicOrigin } from "../modules/platform/request-context.server";
import { productBakeDays } from "../modules/production/bake-days.server";
import { checkRateLimit, clientIp } from "../modules/rate-limit/rate-limit.server";
import type { Route } from "./+types/product";

export async function loader({ params, context }: Route.LoaderArgs) {
  const ctx = getRequestContext(context);
  const product = await getProduct(ctx, params.slug);
  if (!product)
    throw data({ message: "That product isn't on sale any more, or the link is mistyped." }, { status: 404 });
  const origin = publicOrigin(ctx);
  const { days: bakeDays, next: nextDay, sizes } = await productBakeDays(ctx, product.id);
  const waitable = bakeDays.filter(canWaitFor) as WaitableDay[];
  return { product, bakeDays, nextDay, sizes, waitable, jsonLd: productJsonLd(product, origin, nextDay) };
}

/** "Tell me when it's back" (decision 032): the only form this page answers itself. */
export async function action({ request, params, context }: Route.ActionArgs) {
  const ctx = getRequestContext(context);
  const form = await readSubmission(request, NotifyMeSchema, { formId: () => "notify-me" });
  if (form.submission.status !== "success") return form.reply();
  // Per client and per address asked about: the form is open to anyone, and writes to whoever it names.
  const limit = await checkRateLimit(ctx, [
    ["writes", `ip:${clientIp(request)}`],
    ["writes", `notify:${form.submission.value.email.toLowerCase()}`],
  ]);
  if (!limit.allowed) return form.tooManyAttempts(limit.retryAfterSeconds);
  const asked = await requestNotification(ctx, form.submission.value);
  if (!asked.ok) return form.fieldError(asked.field, asked.message, asked.status);
  const when = asked.reason === "sold-out" ? "if we bake more" : "when it goes on sale";
  return redirectWithNotice(
    ctx,
    `/products/${params.slug}`,
    `We'll email ${form.submission.value.email} once ${when} for ${longDay(asked.date)}.`,
  );
}

export const meta: Route.MetaFunction = ({ loaderData, matches }) => {
  if (!loaderData) return [{ title: "Not found" }];
  const { product } = loaderData;
  return pageMeta({
    title: product.name,
    description: product.summary || product.description.slice(0, 150),
    origin: originFromMatches(matches),
    path: `/products/${product.slug}`,
    image: product.image?.src,
  });
};

const HERO_SIZES = "(min-width: 1024px) 560px, 92vw";

export default function ProductPage({ loaderData, actionData }: Route.ComponentProps) {
  const { product, bakeDays, nextDay, sizes, waitable, jsonLd } = loaderData;
  const [hero, ...more] = product.images;
  return (
    <article className="grid gap-10 lg:grid-cols-2">
      <script
        type="application/ld+json"
        // JSON-LD is data, not script; "<" is escaped so product text can't close the tag.
        dangerouslySetInnerHTML={{ __html: JSON.stringify(jsonLd).replace(/</g, "\\u003c") }}
      />
      <div>
        {hero ? (
          <img
            src={hero.src}
            srcSet={hero.srcSet}
            sizes={HERO_SIZES}
            width={hero.width}
            height={hero.height}
            alt={hero.alt}
            fetchPriority="high"
            className="aspect-[4/3] h-auto w-full rounded-2xl bg-crust-100 object-cover"
          />
        ) : null}
        {more.length > 0 ? (
          <ul className="mt-4 grid grid-cols-3 gap-3">
            {more.map((image) => (
              <li key={image.src}>
                <img
                  src={image.src}
                  srcSet={image.srcSet}
                  sizes="180px"
                  width={image.width}
                  height={image.height}
                  alt={image.alt}
                  loading="lazy"
                  className="aspect-[4/3] h-auto w-full rounded-lg object-cover"
                />
              </li>
            ))}
          </ul>
        ) : null}
      </div>

      <div>
        <nav aria-label="Breadcrumb" className="text-sm text-stone-700">
          <ol className="flex gap-2">
            <li>
              <Link to="/shop" className="hover:underline">
                Shop
              </Link>
            </li>
            <li aria-hidden="true">/</li>
            <li>
              <Link to={`/shop?category=${product.category.slug}`} className="hover:underline">
                {product.category.name}
              </Link>
            </li>
          </ol>
        </nav>
        <h1 className="mt-2 font-serif text-4xl font-bold text-crust-900">{product.name}</h1>
        <p className="mt-2 text-lg text-stone-700">{product.summary}</p>
        <div className="mt-6 flex items-center gap-4">
          <p className="text-3xl font-bold text-stone-900">{formatMoney(product.pricePence, product.currency)}</p>
          <NextDayBadge next={nextDay} />
        </div>
        <div className="mt-6">
          <AddToBasket
            productId={product.id}
            name={product.name}
            onSale={nextDay !== null}
            options={product.options}
            maxPerOrder={product.maxPerOrder}
          />
        </div>
        <BakeDays days={bakeDays} sizes={sizes} />
        <NotifyMe productId={product.id} days={waitable} answer={actionData} />
        <p className="mt-4 text-sm text-stone-700">
          {[product.sizeLabel, product.weightGrams ? `${product.weightGrams} g` : null].filter(Boolean).join(" · ")}
        </p>
        <div className="mt-4">
          <DietaryBadges tags={product.dietaryTags} />
        </div>
        <div className="mt-6">
          <AllergenList allergens={product.allergens} />
        </div>
        <section aria-labelledby="about-heading" className="mt-8">
          <h2 id="about-heading" className="font-serif text-xl font-bold text-crust-900">
            About this bake
          </h2>
          <p className="mt-2 whitespace-pre-line text-stone-800">{product.description}</p>
        </section>
        {product.ingredients ? (
          <section aria-labelledby="ingredients-heading" className="mt-6">
            <h2 id="ingredients-heading" className="font-serif text-xl font-bold text-crust-900">
              Ingredients
            </h2>
            <p className="mt-2 text-stone-800">{product.ingredients}</p>
          </section>
        ) : null}
      </div>
    </article>
  );
}
