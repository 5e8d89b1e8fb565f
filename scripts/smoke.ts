/**
 * node scripts/smoke.ts <origin>   (npm run smoke -- <origin>)
 *
 * The check a deploy runs before it counts (.github/workflows/deploy.yml): /health reports every
 * binding ok, the shop page lists products, and the first product's page renders with its add-to-
 * basket form. Retries for a minute (a new version takes a few seconds to reach every location),
 * then exits 1 saying what failed, and the workflow rolls back.
 */
export {};

const origin = process.argv[2]?.replace(/\/$/, "");
if (!origin || !/^https?:\/\//.test(origin)) {
  console.error("Usage: node scripts/smoke.ts https://shop.example");
  process.exit(2);
}

const ATTEMPTS = Number(process.env.SMOKE_ATTEMPTS ?? 12);
const WAIT_MS = 5_000;

async function page(path: string): Promise<string> {
  const response = await fetch(`${origin}${path}`, {
    redirect: "manual",
    headers: { "User-Agent": "bob-smoke-check" },
  });
  const body = await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${body.slice(0, 200)}`);
  return body;
}

async function check(): Promise<string> {
  const health = JSON.parse(await page("/health")) as { status?: string };
  if (health.status !== "ok") throw new Error(`/health says ${JSON.stringify(health)}`);
  const shop = await page("/shop");
  const product = shop.match(/href="(\/products\/[a-z0-9-]+)"/)?.[1];
  if (!product) throw new Error("/shop lists no product");
  const html = await page(product);
  if (!/<form[^>]+action="\/basket"/.test(html)) throw new Error(`${product} has no add-to-basket form`);
  return product;
}

for (let attempt = 1; ; attempt += 1) {
  try {
    const product = await check();
    console.log(`Smoke check passed on ${origin}: /health ok, /shop, ${product}.`);
    break;
  } catch (error) {
    if (attempt === ATTEMPTS) {
      console.error(`Smoke check failed on ${origin}: ${(error as Error).message}`);
      process.exit(1);
    }
    await new Promise((resolve) => setTimeout(resolve, WAIT_MS));
  }
}
