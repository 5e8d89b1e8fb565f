/**
 * The single source of truth for numbers and words that appear in more than one place.
 * Server and client code both import this file, so it must stay free of secrets.
 */

export const SHOP_NAME = "Band of Bakers";
export const SHOP_TAGLINE = "Bread and cakes from a small bakery collective";
export const SHOP_TIME_ZONE = "Europe/London";
// Where and how to reach the bakery is not a constant: admins set it (Admin → Bakery details,
// app/modules/settings), and the footer, checkout, order pages and emails read it.
export const CURRENCY = "GBP";
export const LOCALE = "en-GB";

/** The UK's 14 regulated allergens (Food Information Regulations 2014, Annex II). */
export const ALLERGENS = [
  { id: "celery", label: "Celery" },
  { id: "gluten", label: "Cereals containing gluten" },
  { id: "crustaceans", label: "Crustaceans" },
  { id: "eggs", label: "Eggs" },
  { id: "fish", label: "Fish" },
  { id: "lupin", label: "Lupin" },
  { id: "milk", label: "Milk" },
  { id: "molluscs", label: "Molluscs" },
  { id: "mustard", label: "Mustard" },
  { id: "nuts", label: "Tree nuts" },
  { id: "peanuts", label: "Peanuts" },
  { id: "sesame", label: "Sesame" },
  { id: "soya", label: "Soya" },
  { id: "sulphites", label: "Sulphur dioxide and sulphites" },
] as const;
export type AllergenId = (typeof ALLERGENS)[number]["id"];
export const ALLERGEN_IDS = ALLERGENS.map((a) => a.id) as [AllergenId, ...AllergenId[]];

export const DIETARY_TAGS = [
  { id: "vegan", label: "Vegan" },
  { id: "vegetarian", label: "Vegetarian" },
  { id: "gluten-free", label: "Gluten-free" },
  { id: "dairy-free", label: "Dairy-free" },
  { id: "nut-free", label: "Nut-free" },
] as const;
export type DietaryTagId = (typeof DIETARY_TAGS)[number]["id"];
export const DIETARY_TAG_IDS = DIETARY_TAGS.map((d) => d.id) as [DietaryTagId, ...DietaryTagId[]];

export const PRODUCT_STATUSES = ["draft", "active", "archived"] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/**
 * How UK VAT treats a product (decision 028); the charged rates are the bakery's settings. Zero is
 * most bread and cakes; standard is hot food, confectionery and soft drinks (VAT Notice 701/14).
 */
export const VAT_CATEGORIES = ["zero", "reduced", "standard"] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

/** At or below this many left, a product shows "Only N left". */
export const LOW_STOCK_THRESHOLD = 5;

export const SHOP_PAGE_SIZE = 12;
export const HOME_FEATURED_COUNT = 8;
export const SEARCH_QUERY_MAX_LENGTH = 100;

export const SHOP_SORTS = [
  { id: "featured", label: "Featured" },
  { id: "newest", label: "Newest" },
  { id: "price-asc", label: "Price: low to high" },
  { id: "price-desc", label: "Price: high to low" },
  { id: "name", label: "Name: A to Z" },
] as const;
export type ShopSort = (typeof SHOP_SORTS)[number]["id"];
export const SHOP_SORT_IDS = SHOP_SORTS.map((s) => s.id) as [ShopSort, ...ShopSort[]];

/** Catalogue entries in KV live this long at most; versioned keys make them stale-proof anyway. */
export const CATALOG_CACHE_TTL_SECONDS = 60 * 60 * 24;
/**
 * The longest a whole anonymous page (which shows how many are left) is served from the cache:
 * the bound on how old availability on a shared page can be (decision 018).
 */
export const PAGE_CACHE_MAX_AGE_SECONDS = 10;

/** Product image widths generated for srcset, smallest first. */
export const PRODUCT_IMAGE_WIDTHS = [320, 640, 960] as const;
export const PRODUCT_IMAGE_ASPECT = { width: 4, height: 3 } as const;

/** Stripe webhook bodies: events are a few KB; anything bigger is refused before its signature is checked. */
export const STRIPE_WEBHOOK_MAX_BYTES = 256 * 1024;
/** Resend's email events are a few hundred bytes; anything far bigger is refused (413) unread. */
export const RESEND_WEBHOOK_MAX_BYTES = 64 * 1024;

/** Submitted forms: far more than any of ours needs, far less than a memory problem. */
export const FORM_LIMITS = { maxBytes: 64 * 1024 } as const;

/** Image uploads: what is accepted, how much, and how long an unattached upload lives. */
export const UPLOAD_LIMITS = {
  maxBytes: 10 * 1024 * 1024,
  /** Per user per rolling 24 hours. */
  dailyPerUser: 50,
  /** A direct-upload signature is good for this long. */
  signedMinutes: 10,
  /** An upload can be attached to a product this long after it was made… */
  attachWithinHours: 12,
  /** …and the orphan cleanup deletes it this long after, if nothing refers to it. */
  orphanAfterHours: 24,
} as const;
export const ACCEPTED_IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "image/avif"] as const;
export type AcceptedImageType = (typeof ACCEPTED_IMAGE_TYPES)[number];
/** WebP variants made from every upload: thumbnail, card and hero widths, for srcset. */
export const IMAGE_VARIANT_WIDTHS = [320, 640, 1280] as const;

export const MEDIA_IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";
export const MEDIA_MUTABLE_CACHE_CONTROL = "public, max-age=300";

/**
 * Most of one product a single order may hold is set per product (`products.max_per_order`,
 * 12 unless the admin says otherwise); no product may allow more than this.
 */
export const MAX_PER_ORDER_CEILING = 99;

/**
 * The notice a product may ask for, in minutes before its bake day starts (00:00 shop time):
 * the choices staff have in the product form. The longest is two weeks (a wedding cake).
 */
export const NOTICE_CHOICES = [
  { minutes: 360, label: "By 18:00 the day before" },
  { minutes: 720, label: "By noon the day before" },
  { minutes: 1800, label: "By 18:00 two days before" },
  { minutes: 2880, label: "Two days" },
  { minutes: 4320, label: "Three days" },
  { minutes: 10080, label: "A week" },
  { minutes: 20160, label: "Two weeks" },
] as const;
export const MAX_NOTICE_MINUTES = 20160;
/** A basket survives this long without a visit. */
export const BASKET_COOKIE_MAX_AGE_SECONDS = 60 * 60 * 24 * 30;

/** Collection from the bakery: bake days (0 = Sunday), two-hour windows, orders per window. */
export const COLLECTION_RULES = {
  bakeDays: [2, 3, 4, 5, 6],
  windows: ["08:00", "10:00", "12:00", "14:00"],
  windowHours: 2,
  ordersPerWindow: 8,
  daysAhead: 14,
  /** Orders close at this hour (shop time) the evening before the bake day. */
  cutoffHour: 18,
} as const;

/** Local delivery on bake days, to these postcode districts. */
export const DELIVERY_RULES = {
  postcodeDistricts: ["BS1", "BS2", "BS3", "BS5", "BS6", "BS7", "BS8"],
  feePence: 350,
  minimumOrderPence: 2000,
  ordersPerDay: 12,
  window: "10:00–16:00",
} as const;

/** Stripe refuses a Checkout Session whose expires_at is less than 30 minutes after its creation. */
export const STRIPE_MIN_SESSION_MINUTES = 30;
/**
 * Our sessions ask for this much more than Stripe's minimum, counted from the moment we call
 * Stripe: a slow request or an SDK retry can take seconds, and must never cross the minimum.
 */
export const CHECKOUT_SESSION_MARGIN_MINUTES = 5;
/**
 * How long a shopper's stock and slot stay reserved, from the reservation: longer than the session
 * (which starts a moment later), so a payment can never arrive for stock already back on sale.
 */
export const CHECKOUT_RESERVATION_MINUTES = STRIPE_MIN_SESSION_MINUTES + CHECKOUT_SESSION_MARGIN_MINUTES + 5;

/** A signed-in session lasts this long after its last use. */
export const SESSION_TTL_SECONDS = 60 * 60 * 24;
/** Sessions are re-saved (extending their TTL) at most this often, to spare KV writes. */
export const SESSION_REFRESH_SECONDS = 60 * 60;

/**
 * Abuse limits, each a fixed window per key (client address, account, email, user), enforced by
 * a Durable Object. These are production's values; an environment may override any of them with
 * RATE_LIMIT_OVERRIDES (e.g. the benchmark, whose every request comes from 127.0.0.1), but no
 * code path skips limiting. See docs/decisions/009-security-rules.md.
 */
export const RATE_LIMITS = {
  /** Password sign-in attempts per client address. */
  signIn: { limit: 5, windowSeconds: 60 },
  /**
   * …and per account, from browsers that have not signed in to it before. Looser than per address,
   * so one address cannot lock an account; browsers with the account's device cookie count apart.
   */
  signInAccount: { limit: 10, windowSeconds: 60 },
  /** …from a browser that has signed in to the account before (its own allowance per device). */
  signInKnownDevice: { limit: 10, windowSeconds: 60 },
  /** Second-factor codes and current-password checks, per user: proving it is really them. */
  reauth: { limit: 5, windowSeconds: 60 },
  signUp: { limit: 5, windowSeconds: 60 },
  /** Per client address and per address asked about. */
  passwordReset: { limit: 5, windowSeconds: 60 },
  writes: { limit: 10, windowSeconds: 60 },
  /**
   * Order steps (baking, ready, collected), per staff member: one post moves one order or a whole
   * ticked list, so bake morning takes a few dozen posts; a runaway script is still stopped.
   */
  orderSteps: { limit: 60, windowSeconds: 60 },
  uploads: { limit: 20, windowSeconds: 60 },
  /** Checkouts started, per client address and per email given. */
  checkout: { limit: 10, windowSeconds: 10 * 60 },
  /** Unpaid orders holding stock and a slot at once, per client address (counted in D1, not a window). */
  pendingOrders: { limit: 3, windowSeconds: CHECKOUT_RESERVATION_MINUTES * 60 },
  /** Basket changes per client address. */
  basket: { limit: 60, windowSeconds: 60 },
} as const;
export type RateLimitName = keyof typeof RATE_LIMITS;

export const VERIFY_EMAIL_TOKEN_HOURS = 24;
/**
 * An account without a password proves who it is with a fresh Google sign-in before changing its
 * email or setting a password; the proof is good for this long.
 */
export const REAUTHENTICATION_MINUTES = 10;
/** A browser that has signed in to an account is known to it for this long (its own sign-in allowance). */
export const KNOWN_DEVICE_DAYS = 90;
/** Two-step sign-in: how long a half-finished setup and a half-finished sign-in last. */
export const TWO_FACTOR_SETUP_MINUTES = 10;
export const TWO_FACTOR_SIGN_IN_MINUTES = 5;
export const TWO_FACTOR_RECOVERY_CODES = 10;
export const RESET_PASSWORD_TOKEN_MINUTES = 60;

/**
 * The newsletter (decision 031). What a shopper ticks is recorded with `version`: change the words
 * and the version together, so each subscriber's row says which words they agreed to.
 */
export const NEWSLETTER = {
  name: "This week's bake",
  consent: {
    version: "2026-12-02",
    wording:
      "Send me “This week's bake” by email: what we're baking next and new bakes, about once a week. Stop any time.",
  },
  /** Resend's batch endpoint takes up to 100 emails a request (resend.com/docs/api-reference/emails/send-batch-emails). */
  batchSize: 100,
  subjectMaxLength: 150,
  bodyMaxLength: 20_000,
} as const;

/** "Tell me when it's back" (decision 032). */
export const NOTIFY_ME = {
  /** Requests one address may have waiting at once: enough for a keen customer, not a way to flood a stranger. */
  maxWaitingPerAddress: 20,
  /** Told per cron run (each is two statements in one D1 batch and a rendered email). */
  perRun: 100,
} as const;
