import { applyD1Migrations, createExecutionContext, env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { changeBasket, loadBasket } from "../../app/modules/cart/basket.server";
import { bookmarkOf, openD1Session } from "../../app/modules/platform/d1-session.server";
import { parseEnv } from "../../app/modules/platform/env.server";
import { createRequestContext } from "../../app/modules/platform/request-context.server";
import { ORIGIN, postForm } from "./helpers";
import { product } from "./orders-helpers";

// Decision 018: reads may go to a nearby replica; a person reads their own writes through a
// short-lived bookmark cookie set only after a write.

/**
 * D1 with one read replica that has not caught up at all: a session that may read anywhere
 * ("first-unconstrained") reads the replica; one at least as fresh as a bookmark, or the primary,
 * reads the primary. Locally there are no replicas, so this wrapper plays one.
 */
function withLaggingReplica(primary: D1Database, replica: D1Database): D1Database {
  return new Proxy(primary, {
    get(target, property) {
      if (property === "withSession") {
        return (constraint: string) =>
          constraint === "first-unconstrained" ? replica.withSession(constraint) : target.withSession(constraint);
      }
      return Reflect.get(target, property).bind(target);
    },
  });
}

const cookieHeader = (setCookies: string[]) => setCookies.map((cookie) => cookie.split(";")[0]).join("; ");

beforeAll(async () => {
  await applyD1Migrations(env.REPLICA_DB, env.TEST_MIGRATIONS);
});

describe("D1 sessions: reading your own writes", () => {
  it("sets a short-lived bookmark cookie after a write, and none on a page view", async () => {
    const { id } = await product("challah");
    const added = await postForm("/basket", { intent: "add", productId: String(id), quantity: "1" }, "");
    const cookies = added.response.headers.getSetCookie();
    const bookmark = cookies.find((cookie) => cookie.startsWith("bob_d1="));
    expect(bookmark).toMatch(/Max-Age=60/);
    expect(bookmark).toMatch(/HttpOnly/);
    const request = new Request(`${ORIGIN}/basket`, { headers: { Cookie: cookieHeader(cookies) } });
    expect(await bookmarkOf(parseEnv(env), request)).toMatch(/^[0-9a-f]{8}-/i);

    const { SELF } = await import("cloudflare:test");
    const view = await SELF.fetch(`${ORIGIN}/shop`);
    await view.text();
    expect(view.headers.getSetCookie().some((cookie) => cookie.startsWith("bob_d1="))).toBe(false);
  });

  it("a made-up or unsigned bookmark is ignored, not passed to D1", async () => {
    const forged = new Request(`${ORIGIN}/`, { headers: { Cookie: "bob_d1=00000001-00000002-00000003" } });
    expect(await bookmarkOf(parseEnv(env), forged)).toBeNull();
  });

  it("with a lagging replica, a page view after a write reads the write; without the bookmark it would not", async () => {
    const db = withLaggingReplica(env.DB, env.REPLICA_DB);
    const { id } = await product("challah");
    const basketId = crypto.randomUUID();

    // The write (a form post reads and writes the primary), and the bookmark it leaves.
    const post = new Request(`${ORIGIN}/basket`, { method: "POST" });
    const writing = openD1Session(db, post, null);
    await changeBasket(createRequestContext(post, env, createExecutionContext(), writing), basketId, {
      intent: "add",
      productId: id,
      quantity: 2,
    });
    const bookmark = writing.getBookmark();
    expect(bookmark).not.toBeNull();

    const view = new Request(`${ORIGIN}/basket`);
    const anywhere = openD1Session(db, view, null);
    const stale = await loadBasket(createRequestContext(view, env, createExecutionContext(), anywhere), basketId);
    expect(stale.itemCount).toBe(0);
    const fresh = openD1Session(db, view, bookmark);
    const own = await loadBasket(createRequestContext(view, env, createExecutionContext(), fresh), basketId);
    expect(own.itemCount).toBe(2);
  });
});
