/**
 * The shop's own pages (decision 026): what each is called, where it lives, and the text it shows
 * until an admin writes the bakery's own (Admin → Pages). The defaults are written for a small UK
 * bakery selling online for collection and local delivery, and say "us" rather than a name: the
 * bakery's details come from Admin → Bakery details, linked from each page.
 */
export const SHOP_PAGE_SLUGS = ["privacy", "terms", "allergens", "cookies"] as const;
export type ShopPageSlug = (typeof SHOP_PAGE_SLUGS)[number];

export const isShopPageSlug = (value: string): value is ShopPageSlug =>
  (SHOP_PAGE_SLUGS as readonly string[]).includes(value);

/** Longest page body an admin may save (characters): a long privacy notice is about 12,000. */
export const SHOP_PAGE_MAX_LENGTH = 30_000;

export const SHOP_PAGES: Record<ShopPageSlug, { title: string; description: string; body: string }> = {
  privacy: {
    title: "Privacy notice",
    description: "What we keep about you, why, for how long, who helps us, and your rights.",
    body: `We are a small bakery. This notice says what we keep about you when you order from us or make an account, why, and what you can ask us to do with it. Our name and address are on our [contact page](/contact); write to us there about anything here.

## What we keep

- **When you order:** your name, email address, phone number (if you give it), delivery address (for delivery), what you ordered, when and where you collect it, and how much you paid. We never see or keep your card number: Stripe takes the payment.
- **If you make an account:** your name, email address and a scrambled form of your password (or, if you sign in with Google, your Google account's id and email). Saved delivery details, if you save them.
- **If you ask for our newsletter** (a box you tick at checkout or in your account): your email address, when you asked and the words you agreed to. When you stop it, we keep that you did, so we never write to you again by mistake.
- **If you ask us to tell you when something is back:** your email address and what you asked about, until we have told you or the day has passed.
- **When you use the site:** the cookies listed on our [cookies page](/cookies), and for a short time the usual records a web server keeps (which page, when, and a shortened form of your network address), to keep the shop working and safe.

## Why, and on what basis

- To take, bake, hand over or deliver and, if needed, refund your order: this is needed for our **contract** with you.
- To keep records of sales for tax: a **legal obligation** (HMRC asks for six years).
- To keep the shop secure and working (stopping fraud and abuse, finding faults): our **legitimate interest** in running a safe shop.
- To send you our newsletter, or to tell you something is back: your **consent**, given by ticking the box or asking. Every such email has a link to stop it in one click, and you can stop the newsletter in your account too; your order emails still come.

## Who helps us

We use a few companies to run the shop. Each only uses your details to do that job for us:

- **Cloudflare** hosts the shop and its database.
- **Stripe** takes card and bank payments.
- **Resend** sends our emails.
- **Google**, only if you choose to sign in with Google.
- **Sentry** tells us when something breaks; we remove names, emails and addresses before anything is sent.

Some of them may handle data outside the UK, under the safeguards UK law requires.

## How long we keep it

- Orders and payment records: six years after the end of the tax year they belong to.
- Your account: until you delete it. When you do, we remove your name, contact details, addresses and messages from the account and your orders, and keep only what the law and refunds need (order numbers, dates, items, amounts and the payment's reference).
- Server records: a few weeks.

## Your rights

You can ask us for a copy of what we hold about you, to correct it, to delete it (where the law lets us), to restrict or object to how we use it, or to have it in a form you can take elsewhere. With an account you can do the first and the last yourself: **Your account → Your data** shows everything we hold, lets you download it, and deletes your account. Otherwise, or for anything else, write to us at the address on our [contact page](/contact). We answer within a month.

If you are unhappy with how we have handled your data, you can complain to the Information Commissioner's Office (ico.org.uk, 0303 123 1113).
`,
  },
  terms: {
    title: "Terms of sale",
    description: "How ordering, paying, collecting, delivery, cancelling and refunds work.",
    body: `These terms apply when you buy from us through this website. Our name and address are on our [contact page](/contact).

## Ordering and paying

- Your order is accepted when payment is taken and we email you a confirmation. If we cannot bake something you ordered, we tell you and refund it in full.
- Prices include VAT where it applies. Delivery costs what checkout shows before you pay.
- Payment is taken by Stripe, by card or bank payment. An order paid by bank transfer is confirmed when the money arrives.

## Collection and delivery

- Collect on the day and at the time you chose, from the address on our contact page. Bring your order number.
- If you cannot collect, tell us as early as you can. We keep uncollected orders until we close on the day; after that fresh bread and cakes cannot be kept or resold.
- We deliver only to the postcode areas checkout offers, on the day you chose. If nobody is in, we will call the number you gave us.

## Changing your mind

Our bread and cakes are baked to order and go stale quickly, so **the 14-day right to cancel does not apply to them** (Consumer Contracts Regulations 2013, regulation 28(1)(d)). If you need to cancel, ask us before your bake day and we will refund you where we have not started baking; a cake made to order with your own message cannot be refunded once it is decorated.

## If something is wrong

Your rights under the Consumer Rights Act 2015 are not affected. If something you bought is not as described, not of satisfactory quality or not what you ordered, tell us as soon as you can (a photo helps) and we will replace it or refund you. Refunds go back to the card or account you paid with and usually show within 5–10 working days.

## Allergies

Read our [allergen policy](/allergens) before ordering if you have a food allergy or intolerance.
`,
  },
  allergens: {
    title: "Allergen policy",
    description: "Which allergens we use, how each product shows them, and what to do if you have an allergy.",
    body: `Every product page lists its ingredients and which of the 14 major allergens it contains. Labels on prepacked items show the allergens in **bold** in the ingredients.

## Our kitchen handles all 14 allergens

We use all 14 major allergens in one kitchen: celery, cereals containing gluten, crustaceans, eggs, fish, lupin, milk, molluscs, mustard, tree nuts, peanuts, sesame, soya, and sulphur dioxide and sulphites. We clean between bakes and keep ingredients apart, but **we cannot promise that any product is free from traces** of any of them.

## If you have an allergy

- Check the ingredients on the product page, and the label when you collect.
- If your allergy is severe, **ask us before ordering**: call or email us (see our [contact page](/contact)), and we will tell you what we can and cannot do.
- "Gluten-free" and "vegan" on our pages describe the recipe. Because of our shared kitchen they are not suitable for coeliac disease or severe allergies unless we have agreed it with you.

## Recipes change

We sometimes change a recipe. The product page and the label always show the current ingredients, so please check them each time, even for something you have bought before.
`,
  },
  cookies: {
    title: "Cookies",
    description: "The small files this shop stores in your browser, and why each one is needed.",
    body: `This shop only sets cookies it needs to work: to keep your basket, keep you signed in, and keep signing in safe. We do not use advertising or analytics cookies, and no other company sets cookies through our pages.

Because each of these cookies is strictly necessary for something you asked for, the law does not require us to ask first. If you block them, the basket and signing in will not work.

The list below shows every cookie the shop sets.
`,
  },
};
