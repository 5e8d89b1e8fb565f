import { SHOP_NAME } from "../../lib/constants";
import type { PersonalData } from "./personal-data.server";

/**
 * The export as a JSON file: amounts in pence (as the shop stores them), dates in UTC ISO 8601,
 * private to whoever asked (never cached).
 */
export function personalDataDownload(data: PersonalData, now: Date): Response {
  const body = JSON.stringify({ shop: SHOP_NAME, exportedAt: now.toISOString(), amountsIn: "pence", ...data }, null, 2);
  return new Response(body, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="${SHOP_NAME.toLowerCase().replace(/\s+/g, "-")}-data-${now.toISOString().slice(0, 10)}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}
