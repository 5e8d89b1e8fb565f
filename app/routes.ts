import { index, type RouteConfig, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("shop", "routes/shop.tsx"),
  route("basket", "routes/basket.tsx"),
  route("checkout", "routes/checkout.tsx"),
  route("signup", "routes/signup.tsx"),
  route("login", "routes/login.tsx"),
  route("logout", "routes/logout.ts"),
  route("checkout/success", "routes/checkout.success.tsx"),
  route("orders/:number", "routes/orders.$number.tsx"),
  route("outbox", "routes/outbox.tsx"),
  route("outbox/:id", "routes/outbox.$id.ts"),
  route("products/:slug", "routes/product.tsx"),
  route("media/*", "routes/media.ts"),
  route("health", "routes/health.ts"),
  route("webhooks/stripe", "routes/webhooks.stripe.ts"),
  route("sitemap.xml", "routes/sitemap.ts"),
  route("robots.txt", "routes/robots.ts"),
  route("*", "routes/not-found.tsx"),
] satisfies RouteConfig;
