import { describe, expect, it } from "vitest";
import { FILTERED, scrubEvent } from "../../app/modules/observability/scrub";

/** Everything decision 023 says never leaves the Worker in an error report. */
describe("error reports are scrubbed before they leave the Worker", () => {
  const event = () => ({
    message: "Checkout failed for jo@example.com paying with 4242 4242 4242 4242",
    tags: { request_id: "8f2a1b3c4d5e6f70-LHR", route: "/checkout" },
    user: { id: "7", email: "jo@example.com", ip_address: "203.0.113.9" },
    request: {
      url: "https://shop.test/auth/reset?token=abc123&page=2",
      query_string: "token=abc123&code=999111",
      cookies: { bob_session: "s3ss10n" },
      data: { password: "hunter2hunter2", name: "Jo" },
      headers: {
        Cookie: "bob_session=s3ss10n",
        Authorization: "Bearer key",
        "Stripe-Signature": "t=1,v1=abc",
        "svix-signature": "v1,abc",
        "X-Forwarded-For": "203.0.113.9",
        "User-Agent": "Firefox",
      },
    },
    extra: {
      form: {
        password: "pw",
        newPassword: "pw2",
        token: "t",
        code: "123456",
        totp_code: "654321",
        email: "jo@example.com",
      },
      card: { number: "4000000000000002", cvc: "123" },
      email: { subject: "Your order", html: "<p>Dear Jo</p>", text: "Dear Jo" },
      response: { status_code: 500 },
      query: "Failed query: insert into users\nparams: Jo,jo@example.com,1 High Street",
    },
    breadcrumbs: [
      { category: "console", message: "signed in jo@example.com" },
      { category: "fetch", data: { url: "https://api.stripe.com/v1/refunds" } },
    ],
  });

  it("drops cookies, bodies, the user and console breadcrumbs, and keeps only harmless headers", () => {
    const scrubbed = scrubEvent(event());
    expect(scrubbed.user).toBeUndefined();
    expect(scrubbed.request).not.toHaveProperty("cookies");
    expect(scrubbed.request).not.toHaveProperty("data");
    expect(scrubbed.request.headers).toEqual({ "User-Agent": "Firefox" });
    expect(scrubbed.breadcrumbs).toHaveLength(1);
    expect(scrubbed.breadcrumbs[0]?.category).toBe("fetch");
  });

  it("masks secret-named fields at any depth, emails, card numbers, query secrets and failed queries' values", () => {
    const scrubbed = scrubEvent(event());
    const text = JSON.stringify(scrubbed);
    for (const secret of [
      "hunter2",
      "s3ss10n",
      "abc123",
      "999111",
      "123456",
      "654321",
      "4242",
      "4000000000000002",
      "jo@example.com",
      "Dear Jo",
      "High Street",
      '"pw"',
      '"pw2"',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(scrubbed.extra.form).toMatchObject({
      password: FILTERED,
      newPassword: FILTERED,
      token: FILTERED,
      code: FILTERED,
      totp_code: FILTERED,
    });
    expect(scrubbed.extra.card).toBe(FILTERED);
    expect(scrubbed.request.url).toBe(`https://shop.test/auth/reset?token=${FILTERED}&page=2`);
    expect(scrubbed.extra.query).toBe(`Failed query: insert into users\nparams: ${FILTERED}`);
  });

  it("keeps what makes the report useful: our tags, status codes, the route and the error's words", () => {
    const scrubbed = scrubEvent(event());
    expect(scrubbed.tags).toEqual({ request_id: "8f2a1b3c4d5e6f70-LHR", route: "/checkout" });
    expect(scrubbed.extra.response).toEqual({ status_code: 500 });
    expect(scrubbed.message).toBe(`Checkout failed for ${FILTERED} paying with ${FILTERED}`);
    expect(scrubbed.extra.email.subject).toBe("Your order");
  });
});
