import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import type { AcceptedImageType, AllergenId, DietaryTagId, ProductStatus, VatCategory } from "../app/lib/constants";

export type { VatCategory };

const timestamps = {
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
};

export const categories = sqliteTable("categories", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  position: integer("position").notNull().default(0),
  ...timestamps,
});

export const products = sqliteTable(
  "products",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    slug: text("slug").notNull().unique(),
    name: text("name").notNull(),
    summary: text("summary").notNull().default(""),
    description: text("description").notNull().default(""),
    ingredients: text("ingredients").notNull().default(""),
    categoryId: integer("category_id")
      .notNull()
      .references(() => categories.id),
    pricePence: integer("price_pence").notNull(),
    currency: text("currency").notNull().default("GBP"),
    status: text("status").$type<ProductStatus>().notNull().default("draft"),
    /** JSON array of allergen ids from ALLERGENS; the UK's regulated list. */
    allergens: text("allergens", { mode: "json" }).$type<AllergenId[]>().notNull().default(sql`'[]'`),
    /** JSON array of dietary tag ids from DIETARY_TAGS. */
    dietaryTags: text("dietary_tags", { mode: "json" }).$type<DietaryTagId[]>().notNull().default(sql`'[]'`),
    weightGrams: integer("weight_grams"),
    sizeLabel: text("size_label"),
    featured: integer("featured", { mode: "boolean" }).notNull().default(false),
    /**
     * How long before its bake day starts (00:00 shop time) ordering closes, in minutes: 360 is
     * "by 18:00 the day before" (bread), 2880 two days' notice (celebration cakes).
     */
    orderDeadlineMinutes: integer("order_deadline_minutes").notNull().default(360),
    /** The most one order may hold of this product. */
    maxPerOrder: integer("max_per_order").notNull().default(12),
    /** A seasonal product is baked only from/until these dates (shop time, inclusive), when set. */
    sellFrom: text("sell_from"),
    sellUntil: text("sell_until"),
    /** Best before this many days after its bake day (the label's date); 0 = eat on the day. */
    shelfLifeDays: integer("shelf_life_days").notNull().default(2),
    /**
     * How UK VAT treats it (decision 028): most bakery food is zero-rated; hot food, confectionery
     * and soft drinks are standard-rated. Prices stay VAT-inclusive whatever it is.
     */
    vatCategory: text("vat_category").$type<VatCategory>().notNull().default("zero"),
    /** Bumped on every write; admin edits use it for optimistic concurrency. */
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    index("products_status_category_idx").on(t.status, t.categoryId),
    index("products_status_created_idx").on(t.status, t.createdAt),
    check("products_price_non_negative", sql`${t.pricePence} >= 0`),
    check("products_status_valid", sql`${t.status} IN ('draft', 'active', 'archived')`),
  ],
);

export const productImages = sqliteTable(
  "product_images",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** R2 key of the largest variant; content-addressed, so it never changes in place. */
    r2Key: text("r2_key").notNull(),
    alt: text("alt").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    /** JSON array of { width, key } for srcset, smallest first. */
    variants: text("variants", { mode: "json" }).$type<ImageVariant[]>().notNull().default(sql`'[]'`),
    position: integer("position").notNull().default(0),
    ...timestamps,
  },
  (t) => [index("product_images_product_idx").on(t.productId, t.position), index("product_images_key_idx").on(t.r2Key)],
);

export type ImageVariant = { width: number; key: string };

/**
 * One row: the catalogue's version. Every catalogue write bumps it in the same batch,
 * and the new value is copied to KV so cached pages keyed by the old version are never read again.
 */
export const catalogMeta = sqliteTable("catalog_meta", {
  id: integer("id").primaryKey(),
  version: integer("version").notNull().default(1),
});

/** A visitor's basket, identified by a random id in a signed cookie. */
export const baskets = sqliteTable("baskets", {
  id: text("id").primaryKey(),
  /** The bake day the shopper chose for it (shop date), kept with the basket so it works without JavaScript. */
  bakeDate: text("bake_date"),
  /** A promotion code the shopper entered (decision 030), checked again at checkout. */
  promotionCode: text("promotion_code"),
  ...timestamps,
});

export const basketItems = sqliteTable(
  "basket_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    basketId: text("basket_id")
      .notNull()
      .references(() => baskets.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** The option values chosen (ids, ascending, comma-separated; "" for none): part of what the line is. */
    choices: text("choices").notNull().default(""),
    /** A personal message to pipe or write on it ("" for none). */
    message: text("message").notNull().default(""),
    quantity: integer("quantity").notNull(),
    addedAt: text("added_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [
    uniqueIndex("basket_items_line_unique").on(t.basketId, t.productId, t.choices, t.message),
    check("basket_items_quantity_positive", sql`${t.quantity} > 0`),
  ],
);

/**
 * A product's options (decision 017): a choice among values, each of which may change the price
 * ("Size": 6", 8", 10"; "Sliced": yes/no), or a personal message. At most 3 a product.
 */
export const productOptions = sqliteTable(
  "product_options",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    kind: text("kind").$type<"choice" | "message">().notNull(),
    position: integer("position").notNull().default(0),
    /**
     * Each value is baked to its own number (a cake's sizes): its own row of the plan, keyed by
     * the value's id as `variant_id` (decision 017). At most one option of a product.
     */
    plannedApart: integer("planned_apart", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [
    uniqueIndex("product_options_name_unique").on(t.productId, t.name),
    uniqueIndex("product_options_one_planned_apart").on(t.productId).where(sql`${t.plannedApart} = 1`),
  ],
);

/** A choice's values, at most 10 an option; the price difference is added to the product's price. */
export const productOptionValues = sqliteTable(
  "product_option_values",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    optionId: integer("option_id")
      .notNull()
      .references(() => productOptions.id, { onDelete: "cascade" }),
    label: text("label").notNull(),
    priceDeltaPence: integer("price_delta_pence").notNull().default(0),
    position: integer("position").notNull().default(0),
  },
  (t) => [uniqueIndex("product_option_values_label_unique").on(t.optionId, t.label)],
);

/**
 * How many orders each collection slot (or delivery day) has taken. Rows are created on first
 * booking; the CHECK makes an over-full booking fail inside the checkout batch, rolling it back.
 */
export const slotBookings = sqliteTable(
  "slot_bookings",
  {
    slotDate: text("slot_date").notNull(),
    /** "08:00" for a collection window, "delivery" for a delivery day. */
    slotTime: text("slot_time").notNull(),
    capacity: integer("capacity").notNull(),
    booked: integer("booked").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.slotDate, t.slotTime] }),
    check("slot_bookings_within_capacity", sql`${t.booked} >= 0 AND ${t.booked} <= ${t.capacity}`),
  ],
);

export const ORDER_STATUSES = [
  "pending", // stock reserved, waiting for the shopper to pay
  "awaiting_payment", // checkout completed with a delayed payment method
  "paid",
  "expired", // checkout abandoned or failed; reservation released
  "refunded",
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const FULFILMENT_STATUSES = [
  "new", // paid, not started
  "baking",
  "ready", // ready to collect, or packed for the van
  "out_for_delivery",
  "collected",
  "delivered",
  "cancelled",
] as const;
export type FulfilmentStatus = (typeof FULFILMENT_STATUSES)[number];

export const orders = sqliteTable(
  "orders",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Human friendly, e.g. BB-7K4Q2. */
    number: text("number").notNull().unique(),
    /** Unguessable; lets a guest open their order page. */
    accessToken: text("access_token").notNull(),
    basketId: text("basket_id"),
    /**
     * A keyed hash of the client address (IPv6 by its /64) that started the checkout: how many
     * unpaid orders one client may hold at once is counted by it. Never the address itself.
     */
    clientKey: text("client_key"),
    /** The account that placed it, or that claimed it later by verifying the same email. */
    userId: integer("user_id"),
    email: text("email").notNull(),
    name: text("name").notNull(),
    phone: text("phone").notNull().default(""),
    status: text("status").$type<OrderStatus>().notNull().default("pending"),
    fulfilment: text("fulfilment").$type<"collection" | "delivery">().notNull(),
    slotDate: text("slot_date").notNull(),
    slotTime: text("slot_time").notNull(),
    deliveryAddress: text("delivery_address"),
    deliveryPostcode: text("delivery_postcode"),
    subtotalPence: integer("subtotal_pence").notNull().default(0),
    deliveryFeePence: integer("delivery_fee_pence").notNull().default(0),
    totalPence: integer("total_pence").notNull().default(0),
    currency: text("currency").notNull().default("GBP"),
    stripeSessionId: text("stripe_session_id").unique(),
    stripePaymentIntentId: text("stripe_payment_intent_id"),
    /** When the checkout session expires; after this the cron releases the reservation. */
    reservationExpiresAt: text("reservation_expires_at").notNull(),
    reservationReleased: integer("reservation_released", { mode: "boolean" }).notNull().default(false),
    paidAt: text("paid_at"),
    /**
     * Where a paid order is in the bakery, separate from payment `status`. The migration adds a
     * column CHECK by hand (a table-level one would make drizzle-kit rebuild the table).
     */
    fulfilmentStatus: text("fulfilment_status").$type<FulfilmentStatus>().notNull().default("new"),
    /**
     * What Stripe took off (its `total_details.amount_discount`) and the promotion code that did
     * it, recorded when the payment completes; `total_pence` is then what was paid (decision 030).
     */
    discountPence: integer("discount_pence").notNull().default(0),
    promotionCode: text("promotion_code"),
    /**
     * The version of the newsletter wording the shopper ticked at checkout (NEWSLETTER_CONSENT in
     * constants.ts), or null: they are subscribed when the order is paid (decision 031).
     */
    newsletterConsent: text("newsletter_consent"),
    /**
     * The bakery's VAT number when the order was placed, or null when it was not VAT-registered:
     * a paid order with one gets a VAT receipt, and its refunds credit notes (decision 028).
     */
    vatNumber: text("vat_number"),
    /** Sum of succeeded refunds, recomputed from `refunds` whenever one succeeds. */
    refundedPence: integer("refunded_pence").notNull().default(0),
    /** Set in the same batch that puts a cancelled order's stock back, so it happens once. */
    stockReturned: integer("stock_returned", { mode: "boolean" }).notNull().default(false),
    ...timestamps,
  },
  (t) => [
    index("orders_status_expiry_idx").on(t.status, t.reservationExpiresAt),
    index("orders_user_idx").on(t.userId),
    index("orders_email_idx").on(t.email),
    index("orders_slot_idx").on(t.slotDate, t.slotTime),
    index("orders_client_pending_idx").on(t.clientKey, t.status),
    // Hot queries (decision 018, app/modules/platform/hot-queries.server.ts): every checkout looks up
    // its basket's earlier orders, refund and dispute webhooks their payment intent, the dashboard
    // takings by day paid.
    index("orders_basket_idx").on(t.basketId),
    index("orders_payment_intent_idx").on(t.stripePaymentIntentId),
    index("orders_paid_at_idx").on(t.paidAt),
    // How many paid orders used a promotion code, against its limit (decision 030).
    index("orders_promotion_code_idx").on(t.promotionCode),
    check("orders_status_valid", sql`${t.status} IN ('pending', 'awaiting_payment', 'paid', 'expired', 'refunded')`),
  ],
);

/** Name and price are copied at checkout: later catalogue edits never change a placed order. */
export const orderItems = sqliteTable(
  "order_items",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    productId: integer("product_id").notNull(),
    /** The product's name with the options chosen ("Carrot Cake (Size: 8 inch)"), as it was sold. */
    name: text("name").notNull(),
    unitPricePence: integer("unit_price_pence").notNull(),
    quantity: integer("quantity").notNull(),
    /** The personal message asked for ("" for none). */
    message: text("message").notNull().default(""),
    /** The plan row it was sold from: the chosen value of an option planned apart, 0 for the product as a whole. */
    variantId: integer("variant_id").notNull().default(0),
    /** The product's VAT category and its rate in basis points (2000 = 20%) when it was sold. */
    vatCategory: text("vat_category").$type<VatCategory>().notNull().default("zero"),
    vatRateBps: integer("vat_rate_bps").notNull().default(0),
  },
  (t) => [index("order_items_order_idx").on(t.orderId)],
);

/** Every Stripe event id we have acted on: the idempotency key for webhook deliveries. */
export const stripeEvents = sqliteTable("stripe_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  receivedAt: text("received_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/** Every email the shop sends, written in the same batch as the change that causes it. */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").notNull(),
    orderId: integer("order_id"),
    recipient: text("recipient").notNull(),
    subject: text("subject").notNull(),
    html: text("html").notNull().default(""),
    text: text("text").notNull().default(""),
    /** "suppressed": not sent, because the address bounced or complained and the email can wait (delivery-events.server.ts). */
    status: text("status").$type<"queued" | "sent" | "failed" | "suppressed">().notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    providerId: text("provider_id"),
    lastError: text("last_error"),
    sentAt: text("sent_at"),
    /**
     * When the next attempt is due (after a failure, by the retry schedule) or until when a send
     * in progress holds the row (its lease). Null: due since it was queued.
     */
    nextAttemptAt: text("next_attempt_at"),
    /** What Resend said happened after the send (its webhooks); never goes back (delivered never replaces bounced). */
    delivery: text("delivery").$type<"delayed" | "delivered" | "bounced" | "complained">(),
    deliveryAt: text("delivery_at"),
    /** Resend's words for a bounce ("Permanent: mailbox does not exist"). */
    deliveryDetail: text("delivery_detail"),
    /** The newsletter this email is one copy of (decision 031): one per newsletter and address. */
    newsletterId: integer("newsletter_id"),
    /**
     * A newsletter copy's batch: set when a send first takes it, so a retry sends the same copies
     * under the same Resend idempotency key.
     */
    batchKey: text("batch_key"),
    /** The one-click unsubscribe link (RFC 8058) the email carries in its headers, if any. */
    unsubscribeUrl: text("unsubscribe_url"),
    ...timestamps,
  },
  // One email of each kind per order, however often the event that causes it is delivered.
  (t) => [
    uniqueIndex("email_outbox_order_kind_idx").on(t.orderId, t.kind),
    uniqueIndex("email_outbox_newsletter_recipient_idx").on(t.newsletterId, t.recipient),
    index("email_outbox_batch_idx").on(t.batchKey),
    index("email_outbox_status_idx").on(t.status),
    index("email_outbox_provider_idx").on(t.providerId),
    index("email_outbox_sent_at_idx").on(t.sentAt),
  ],
);

/**
 * Every Resend webhook delivery acted on (its svix-id): the idempotency key. `claim` is the random
 * token of the request that inserted it; only that request's effects run (same batch).
 */
export const emailEvents = sqliteTable("email_events", {
  id: text("id").primaryKey(),
  type: text("type").notNull(),
  emailId: text("email_id"),
  claim: text("claim").notNull(),
  receivedAt: text("received_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/** Addresses that bounced for good or marked our email as spam: only essential email goes to them. */
export const emailSuppressions = sqliteTable("email_suppressions", {
  address: text("address").primaryKey(),
  reason: text("reason").$type<"bounced" | "complained">().notNull(),
  detail: text("detail").notNull().default(""),
  eventId: text("event_id").notNull(),
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

export const USER_ROLES = ["customer", "staff", "admin"] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Stored lower-cased: one account per address however it is typed. */
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`; null for Google-only accounts. */
    passwordHash: text("password_hash"),
    role: text("role").$type<UserRole>().notNull().default("customer"),
    emailVerifiedAt: text("email_verified_at"),
    disabledAt: text("disabled_at"),
    /**
     * Sessions carry the epoch they were created in; bumping it (sign out everywhere, password
     * reset, disabling) ends every session at once without touching KV.
     */
    sessionEpoch: integer("session_epoch").notNull().default(0),
    /** Google's stable `sub` for an account that has signed in with Google. */
    googleSubject: text("google_subject").unique(),
    /** A new address waiting for its confirmation link; the old one stays in use until then. */
    pendingEmail: text("pending_email"),
    /** Saved delivery details, offered at checkout. */
    phone: text("phone").notNull().default(""),
    deliveryAddress: text("delivery_address").notNull().default(""),
    deliveryPostcode: text("delivery_postcode").notNull().default(""),
    /** TOTP secret, AES-GCM encrypted with a key derived from COOKIE_SECRET; set once confirmed. */
    totpSecret: text("totp_secret"),
    totpEnabledAt: text("totp_enabled_at"),
    /** The last 30-second step a code was accepted for: a code works once. */
    totpLastStep: integer("totp_last_step").notNull().default(0),
    ...timestamps,
  },
  (t) => [check("users_role_valid", sql`${t.role} IN ('customer', 'staff', 'admin')`)],
);

/** One-time codes for when the authenticator app is lost; only SHA-256 hashes are kept. */
export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: text("used_at"),
  },
  (t) => [uniqueIndex("recovery_codes_user_code_idx").on(t.userId, t.codeHash)],
);

/**
 * Single-use links (verify email, reset password, change email). Only a SHA-256 of the token is
 * stored, with the address the link was mailed to: a link proves that address and no other.
 */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    purpose: text("purpose").$type<"verify-email" | "reset-password" | "change-email">().notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    /** Lower-cased address the link was sent to; null only for links issued before binding (unusable). */
    email: text("email"),
    expiresAt: text("expires_at").notNull(),
    usedAt: text("used_at"),
    ...timestamps,
  },
  (t) => [index("auth_tokens_user_idx").on(t.userId, t.purpose)],
);

/**
 * Refunds asked of Stripe. The idempotency key is made when staff open the confirmation step and
 * is sent to Stripe too, so a double submit or a retry refunds once.
 */
export const refunds = sqliteTable(
  "refunds",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    amountPence: integer("amount_pence").notNull(),
    reason: text("reason").notNull().default(""),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    /**
     * `pending` until Stripe says how it ended (before Stripe answers, or while Stripe processes it:
     * some refunds take days), then `succeeded` or `failed`. Only succeeded ones count as refunded.
     */
    status: text("status").$type<"pending" | "succeeded" | "failed">().notNull().default("pending"),
    stripeRefundId: text("stripe_refund_id"),
    /** Whether the order is cancelled (stock and slot back) once this refund succeeds. */
    cancelOrder: integer("cancel_order", { mode: "boolean" }).notNull().default(false),
    error: text("error"),
    createdBy: integer("created_by"),
    ...timestamps,
  },
  (t) => [
    index("refunds_order_idx").on(t.orderId),
    // The accounting export reads succeeded refunds by when they went through (decision 029).
    index("refunds_status_updated_idx").on(t.status, t.updatedAt),
    uniqueIndex("refunds_stripe_refund_idx").on(t.stripeRefundId),
    check("refunds_amount_positive", sql`${t.amountPence} > 0`),
  ],
);

/** The kinds of thing staff must look at on an order (app/modules/orders/describe.ts says each). */
export const ORDER_FLAG_KINDS = ["dispute", "paid_after_expiry", "paid_after_bake_day", "amount_mismatch"] as const;
export type OrderFlagKind = (typeof ORDER_FLAG_KINDS)[number];

/**
 * Things staff must look at on an order: a set, each raised once (an open flag of a kind is
 * unique per order) with when and why, and resolved by someone at some time.
 */
export const orderFlags = sqliteTable(
  "order_flags",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    kind: text("kind").$type<OrderFlagKind>().notNull(),
    reason: text("reason").notNull().default(""),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
    resolvedAt: text("resolved_at"),
    resolvedByUserId: integer("resolved_by_user_id"),
  },
  (t) => [
    uniqueIndex("order_flags_open_idx").on(t.orderId, t.kind).where(sql`${t.resolvedAt} IS NULL`),
    index("order_flags_unresolved_idx").on(t.resolvedAt),
  ],
);

/**
 * What Stripe has said about a payment intent's charge (refunds, disputes), kept whether or not an
 * order knows the payment intent yet: a refund or dispute that arrives before the payment's
 * completion event is applied the moment the order is paid, never lost.
 */
export const stripePaymentIntents = sqliteTable("stripe_payment_intents", {
  id: text("id").primaryKey(),
  amountRefunded: integer("amount_refunded").notNull().default(0),
  fullyRefunded: integer("fully_refunded", { mode: "boolean" }).notNull().default(false),
  disputedAt: text("disputed_at"),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/** What happened to an order and who did it, oldest first: the staff-facing timeline. */
export const orderEvents = sqliteTable(
  "order_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    kind: text("kind").notNull(),
    detail: text("detail").notNull().default(""),
    actorUserId: integer("actor_user_id"),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index("order_events_order_idx").on(t.orderId)],
);

/**
 * Every catalogue change: who, what, and the row before and after (JSON). Written in the same
 * batch as the change, so there is never a change without its entry.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    entity: text("entity")
      .$type<
        | "product"
        | "category"
        | "user"
        | "bake_plan"
        | "capacity_group"
        | "calendar"
        | "bakery_details"
        | "shop_page"
        | "promotion"
        | "newsletter"
      >()
      .notNull(),
    entityId: integer("entity_id").notNull(),
    action: text("action").notNull(),
    actorUserId: integer("actor_user_id"),
    before: text("before"),
    after: text("after"),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId)],
);

/**
 * Every image staff upload. An upload is "pending" until a product_images row points at its key;
 * the orphan cleanup deletes pending ones older than a day, with their variants.
 */
export const uploads = sqliteTable(
  "uploads",
  {
    /** 32 hex characters; also the R2 folder: uploads/<id>/original, uploads/<id>/w640.webp, … */
    id: text("id").primaryKey(),
    key: text("key").notNull().unique(),
    /** Checked from the file's first bytes, never from its name or the browser's say-so. */
    contentType: text("content_type").$type<AcceptedImageType>(),
    sizeBytes: integer("size_bytes"),
    width: integer("width"),
    height: integer("height"),
    variants: text("variants", { mode: "json" }).$type<ImageVariant[]>().notNull().default(sql`'[]'`),
    /** "signed": a direct upload was allowed but has not been checked yet; "stored": checked and kept. */
    state: text("state").$type<"signed" | "stored">().notNull().default("stored"),
    uploadedBy: integer("uploaded_by").notNull(),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [
    index("uploads_user_created_idx").on(t.uploadedBy, t.createdAt),
    index("uploads_created_idx").on(t.createdAt),
  ],
);

/**
 * The bakery's week (docs/decisions/017-production-plan.md): which weekdays it is open (collection
 * and delivery alike) and how many deliveries it takes on each. Seeded from the constants it
 * replaced: open Tuesday to Saturday, 12 deliveries a day.
 */
export const shopWeekdays = sqliteTable(
  "shop_weekdays",
  {
    /** 0 = Sunday … 6 = Saturday, as JavaScript's getUTCDay() of the date. */
    weekday: integer("weekday").primaryKey(),
    open: integer("open", { mode: "boolean" }).notNull().default(false),
    deliveryCapacity: integer("delivery_capacity").notNull().default(0),
  },
  (t) => [
    check("shop_weekdays_weekday_valid", sql`${t.weekday} BETWEEN 0 AND 6`),
    check("shop_weekdays_capacity_non_negative", sql`${t.deliveryCapacity} >= 0`),
  ],
);

/** Collection windows, the same on every open day, with how many orders each takes. */
export const collectionWindows = sqliteTable(
  "collection_windows",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Shop time, "08:00". */
    startsAt: text("starts_at").notNull().unique(),
    endsAt: text("ends_at").notNull(),
    capacity: integer("capacity").notNull(),
  },
  (t) => [check("collection_windows_capacity_non_negative", sql`${t.capacity} >= 0`)],
);

/** Days the bakery is shut whatever the week says (bank holidays, the baker's holiday). */
export const closures = sqliteTable("closures", {
  /** Shop date, "2026-12-25". */
  date: text("date").primaryKey(),
  reason: text("reason").notNull().default(""),
});

/** How many of a product are baked on each weekday; no row (or 0) means not baked that day. */
export const bakeSchedules = sqliteTable(
  "bake_schedules",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** 0 for the product as a whole; else the value of its option planned apart (a cake's size). */
    variantId: integer("variant_id").notNull().default(0),
    weekday: integer("weekday").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.variantId, t.weekday] }),
    check("bake_schedules_weekday_valid", sql`${t.weekday} BETWEEN 0 AND 6`),
    check("bake_schedules_quantity_non_negative", sql`${t.quantity} >= 0`),
  ],
);

/** One date's quantity instead of the weekday's: an extra batch, or none this Thursday (0). */
export const bakeOverrides = sqliteTable(
  "bake_overrides",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** 0 for the product as a whole; else the value of its option planned apart (a cake's size). */
    variantId: integer("variant_id").notNull().default(0),
    date: text("date").notNull(),
    quantity: integer("quantity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.variantId, t.date] }),
    check("bake_overrides_quantity_non_negative", sql`${t.quantity} >= 0`),
  ],
);

/** Capacity shared by several products on a day: one oven, one cake decorator. */
export const capacityGroups = sqliteTable("capacity_groups", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull().unique(),
});

/** A group's capacity on each weekday; a weekday without a row is unlimited by the group. */
export const capacityGroupLimits = sqliteTable(
  "capacity_group_limits",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => capacityGroups.id, { onDelete: "cascade" }),
    weekday: integer("weekday").notNull(),
    capacity: integer("capacity").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.weekday] }),
    check("capacity_group_limits_weekday_valid", sql`${t.weekday} BETWEEN 0 AND 6`),
    check("capacity_group_limits_capacity_non_negative", sql`${t.capacity} >= 0`),
  ],
);

export const capacityGroupProducts = sqliteTable(
  "capacity_group_products",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => capacityGroups.id, { onDelete: "cascade" }),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.productId] }),
    index("capacity_group_products_product_idx").on(t.productId),
  ],
);

/** A bake day whose menu opens for orders at a set moment (shop time), e.g. the weekend at Thursday 18:00. */
export const drops = sqliteTable("drops", {
  bakeDate: text("bake_date").primaryKey(),
  /** Shop time, "2026-12-03T18:00". */
  opensAt: text("opens_at").notNull(),
});

/**
 * What orders hold of a product's plan on one bake day, kept beside the planned number so the
 * reservation batch can refuse an oversell atomically (CHECK), as `products.stock` does for all
 * time. A row is created by the first reservation for that day, from the plan at that moment and
 * what orders already hold; the grid keeps `planned` in step (decision 017).
 */
export const dayHolds = sqliteTable(
  "day_holds",
  {
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    /** 0 for the product as a whole; else the value of its option planned apart (a cake's size). */
    variantId: integer("variant_id").notNull().default(0),
    bakeDate: text("bake_date").notNull(),
    planned: integer("planned").notNull(),
    held: integer("held").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.variantId, t.bakeDate] }),
    check("day_holds_within_plan", sql`${t.held} >= 0 AND ${t.held} <= ${t.planned}`),
  ],
);

/** The same for a capacity group on one bake day (only weekdays on which the group has a limit). */
export const groupDayHolds = sqliteTable(
  "group_day_holds",
  {
    groupId: integer("group_id")
      .notNull()
      .references(() => capacityGroups.id, { onDelete: "cascade" }),
    bakeDate: text("bake_date").notNull(),
    capacity: integer("capacity").notNull(),
    held: integer("held").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.groupId, t.bakeDate] }),
    check("group_day_holds_within_capacity", sql`${t.held} >= 0 AND ${t.held} <= ${t.capacity}`),
  ],
);

/**
 * Every nightly backup to R2 (docs/decisions/020-backups-restore-alerts.md): the R2 folder it
 * wrote, how far it got and what it holds. The manifest in R2 is what a restore trusts; this row
 * is what the System page and the stale-backup alert read. A run holds "running" as its lease.
 */
export const backupRuns = sqliteTable(
  "backup_runs",
  {
    /** The R2 folder, e.g. backups/d1/2026-12-01T03-17-00-000Z/ (its manifest.json is written last). */
    key: text("key").primaryKey(),
    status: text("status").$type<"running" | "complete" | "failed">().notNull().default("running"),
    startedAt: text("started_at").notNull(),
    finishedAt: text("finished_at"),
    rows: integer("rows"),
    bytes: integer("bytes"),
    chunks: integer("chunks"),
    error: text("error"),
  },
  (t) => [index("backup_runs_started_idx").on(t.startedAt)],
);

/** Every check of a backup: the weekly drill and checks staff start from the System page. */
export const backupChecks = sqliteTable(
  "backup_checks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    backupKey: text("backup_key").notNull(),
    ok: integer("ok", { mode: "boolean" }).notNull(),
    /** The first problem found, in words; null when the check passed. */
    problem: text("problem"),
    /** JSON: per table, rows in the backup and rows live when it was checked. */
    tables: text("tables").notNull().default("[]"),
    checkedAt: text("checked_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
  },
  (t) => [index("backup_checks_checked_idx").on(t.checkedAt)],
);

/**
 * One row per kind of alert. `firing` flips only by a conditional UPDATE that also claims a fresh
 * `transition` token, and admins are mailed only in the batch that claimed it: once when an
 * incident starts, once when it ends, however often or concurrently the checks run.
 */
export const systemAlerts = sqliteTable("system_alerts", {
  key: text("key").primaryKey(),
  firing: integer("firing", { mode: "boolean" }).notNull().default(false),
  /** When the current (or last) incident started. */
  since: text("since"),
  resolvedAt: text("resolved_at"),
  /** What the check saw when it last changed state, in words. */
  detail: text("detail"),
  transition: text("transition"),
  updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`),
});

/**
 * One row per cron schedule: when it last started and finished, and whether it worked. The System
 * page shows them, and an alert fires when a job has not succeeded for twice its interval.
 */
export const cronRuns = sqliteTable("cron_runs", {
  cron: text("cron").primaryKey(),
  startedAt: text("started_at").notNull(),
  finishedAt: text("finished_at"),
  ok: integer("ok", { mode: "boolean" }),
  error: text("error"),
  lastOkAt: text("last_ok_at"),
  runs: integer("runs").notNull().default(0),
});

/**
 * Who and where the bakery is (one row, id 1): shown in the footer, at checkout, on order pages and
 * in every email. The first migration writes example values with `example` set, so every
 * environment has a row; the first save by an admin clears it (until then the shop says so).
 * `version` makes a save conditional on what the admin saw (two admins editing at once).
 */
export const bakeryDetails = sqliteTable(
  "bakery_details",
  {
    id: integer("id").primaryKey(),
    name: text("name").notNull(),
    /** Street lines, one per line; the postcode apart, for the map link and emails. */
    address: text("address").notNull(),
    postcode: text("postcode").notNull(),
    collectionInstructions: text("collection_instructions").notNull(),
    phone: text("phone").notNull(),
    email: text("email").notNull(),
    /** Companies House number and VAT registration number, when the bakery has them. */
    companyNumber: text("company_number"),
    vatNumber: text("vat_number"),
    /** VAT rates in basis points (2000 = 20%), used for orders placed while a VAT number is set. */
    vatStandardRateBps: integer("vat_standard_rate_bps").notNull().default(2000),
    vatReducedRateBps: integer("vat_reduced_rate_bps").notNull().default(500),
    example: integer("example", { mode: "boolean" }).notNull().default(false),
    version: integer("version").notNull().default(1),
    updatedBy: integer("updated_by"),
    ...timestamps,
  },
  () => [check("bakery_details_one_row", sql`id = 1`)],
);

/**
 * The shop's own pages that admins edit (privacy notice, terms of sale, allergen policy, cookies
 * statement), as Markdown. A page without a row shows its default text from the code
 * (app/modules/pages/page-defaults.ts); "restore the default" deletes the row. `version` makes a
 * save conditional on the text the admin started from.
 */
export const shopPages = sqliteTable("shop_pages", {
  slug: text("slug").$type<"privacy" | "terms" | "allergens" | "cookies">().primaryKey(),
  body: text("body").notNull(),
  version: integer("version").notNull().default(1),
  updatedBy: integer("updated_by"),
  ...timestamps,
});

/**
 * VAT receipts and credit notes, numbered by `id` in one unbroken series as HMRC asks of VAT
 * invoices (decision 028). A receipt is written in the batch that marks a VAT-registered order
 * paid (`refund_id` 0); a credit note in the batch where one of its refunds succeeds. The figures
 * are computed from the order's lines when shown, so they are never stored twice.
 */
export const vatDocuments = sqliteTable(
  "vat_documents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    kind: text("kind").$type<"receipt" | "credit_note">().notNull(),
    orderId: integer("order_id")
      .notNull()
      .references(() => orders.id),
    /** The refund a credit note is for; 0 for the receipt. */
    refundId: integer("refund_id").notNull().default(0),
    /** What it is for, VAT included: the order's total, or the refund's amount. */
    amountPence: integer("amount_pence").notNull(),
    /** The tax point: when the order was paid, or the refund went through. */
    issuedAt: text("issued_at").notNull(),
  },
  (t) => [
    uniqueIndex("vat_documents_order_refund_idx").on(t.orderId, t.refundId),
    index("vat_documents_issued_idx").on(t.issuedAt),
    check("vat_documents_kind_valid", sql`${t.kind} IN ('receipt', 'credit_note')`),
  ],
);

/**
 * Promotion codes (decision 030): ours to list and check in the basket, Stripe's to apply. Each is
 * a Stripe Coupon (the discount) and a Promotion Code (the code customers type, with its limits),
 * created through the API with idempotency keys from this row's id, so a retry never makes two.
 */
export const promotions = sqliteTable(
  "promotions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** As customers type it, upper-cased: letters, digits, hyphens. */
    code: text("code").notNull().unique(),
    percentOff: integer("percent_off"),
    amountOffPence: integer("amount_off_pence"),
    /** The basket's goods must come to at least this (0: no minimum). */
    minimumOrderPence: integer("minimum_order_pence").notNull().default(0),
    /** Only for an email address with no paid order yet. */
    firstOrderOnly: integer("first_order_only", { mode: "boolean" }).notNull().default(false),
    /** The end of its last day (UTC instant), or null for no end. */
    expiresAt: text("expires_at"),
    /** How many orders may use it in all, or null for no limit. */
    maxRedemptions: integer("max_redemptions"),
    active: integer("active", { mode: "boolean" }).notNull().default(true),
    stripeCouponId: text("stripe_coupon_id"),
    stripePromotionCodeId: text("stripe_promotion_code_id").unique(),
    createdBy: integer("created_by"),
    ...timestamps,
  },
  (t) => [
    check(
      "promotions_one_discount",
      sql`(${t.percentOff} BETWEEN 1 AND 100 AND ${t.amountOffPence} IS NULL) OR (${t.percentOff} IS NULL AND ${t.amountOffPence} > 0)`,
    ),
  ],
);

/**
 * Who asked for the newsletter ("this week's bake", decision 031), by address: when, through
 * which form, and the version of the words they agreed to (NEWSLETTER_CONSENT in constants.ts).
 * A row is never deleted by unsubscribing, so the shop can show what was agreed and when it ended.
 */
export const newsletterSubscribers = sqliteTable(
  "newsletter_subscribers",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Lower-cased. */
    address: text("address").notNull().unique(),
    userId: integer("user_id"),
    status: text("status").$type<"subscribed" | "unsubscribed">().notNull(),
    consentVersion: text("consent_version").notNull(),
    consentedAt: text("consented_at").notNull(),
    source: text("source").$type<"checkout" | "account">().notNull(),
    unsubscribedAt: text("unsubscribed_at"),
    /** "link" (the page), "one-click" (the mail app, RFC 8058), "account". */
    unsubscribedBy: text("unsubscribed_by"),
    ...timestamps,
  },
  (t) => [
    index("newsletter_subscribers_status_idx").on(t.status),
    check("newsletter_subscribers_status", sql`${t.status} IN ('subscribed', 'unsubscribed')`),
  ],
);

/** A newsletter staff write, preview and send (decision 031). Its text cannot change once sending. */
export const newsletters = sqliteTable(
  "newsletters",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subject: text("subject").notNull(),
    /** Markdown, rendered safe (decision 026) inside the shop's email layout. */
    body: text("body").notNull(),
    status: text("status").$type<"draft" | "sending" | "sent">().notNull().default("draft"),
    /** Bumped by every save: a save from a stale form is refused rather than overwriting. */
    version: integer("version").notNull().default(1),
    /** Subscribers it was addressed to when sending began. */
    recipients: integer("recipients").notNull().default(0),
    createdBy: integer("created_by"),
    sendStartedAt: text("send_started_at"),
    sentAt: text("sent_at"),
    ...timestamps,
  },
  (t) => [check("newsletters_status", sql`${t.status} IN ('draft', 'sending', 'sent')`)],
);

/**
 * "Tell me when it's back" (decision 032): an address waiting for a product on a bake day that is
 * sold out or not yet open (a drop). Told once, through the outbox, when the day has some to sell;
 * a day that passes first expires the request. Unique per address, product and day.
 */
export const notifyRequests = sqliteTable(
  "notify_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Lower-cased. */
    address: text("address").notNull(),
    productId: integer("product_id")
      .notNull()
      .references(() => products.id, { onDelete: "cascade" }),
    bakeDate: text("bake_date").notNull(),
    status: text("status").$type<"waiting" | "sent" | "cancelled" | "expired">().notNull().default("waiting"),
    notifiedAt: text("notified_at"),
    ...timestamps,
  },
  (t) => [
    uniqueIndex("notify_requests_address_product_day_idx").on(t.address, t.productId, t.bakeDate),
    index("notify_requests_waiting_idx").on(t.status, t.bakeDate),
    check("notify_requests_status", sql`${t.status} IN ('waiting', 'sent', 'cancelled', 'expired')`),
  ],
);

/**
 * Which photo each product got from a catalogue import (decision 033), by the SHA-256 of its
 * bytes: an import from any machine asks for these and uploads only photos whose hash differs.
 */
export const catalogPhotos = sqliteTable("catalog_photos", {
  productId: integer("product_id")
    .primaryKey()
    .references(() => products.id, { onDelete: "cascade" }),
  sha256: text("sha256").notNull(),
  /** The upload (R2 folder) the photo and its variants live in. */
  uploadId: text("upload_id").notNull(),
  /** The file name it was imported from, for the next export. */
  fileName: text("file_name").notNull(),
  ...timestamps,
});
