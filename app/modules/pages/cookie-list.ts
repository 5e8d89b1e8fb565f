/**
 * Every cookie the shop sets, for the cookies statement (/cookies). All are strictly necessary for
 * a service the visitor asked for, so PECR (reg. 6(4)) needs no consent banner for them; there are
 * no analytics or advertising cookies. `tests/unit/cookie-list.test.ts` fails when the code sets a
 * cookie that is not listed here.
 */
export const SHOP_COOKIES = [
  {
    name: "bob_session",
    purpose: "Keeps you signed in. It holds only a random id; the sign-in itself is checked on our side.",
    lasts: "Until you sign out, or after a day without a visit",
  },
  {
    name: "bob_basket",
    purpose: "Remembers your basket, so it is still there on the next page and when you come back.",
    lasts: "30 days",
  },
  {
    name: "bob_notice",
    purpose: "Carries a one-off message to the next page, such as “Added to your basket”.",
    lasts: "1 minute, or until the message is shown",
  },
  {
    name: "bob_d1",
    purpose:
      "Makes sure the next page shows what you just changed (an order, a saved detail), wherever it is served from.",
    lasts: "1 minute",
  },
  {
    name: "bob_2fa",
    purpose: "Staff only: remembers that the password was right while the two-step code is asked for.",
    lasts: "5 minutes",
  },
  {
    name: "bob_device",
    purpose: "Staff only: remembers a device that passed two-step sign-in, if you ask it to.",
    lasts: "90 days",
  },
  {
    name: "bob_oauth",
    purpose: "Protects signing in with Google against forged replies (a one-time value for the round trip).",
    lasts: "10 minutes",
  },
  {
    name: "bob_oauth_next",
    purpose: "Remembers which page to return to after signing in with Google.",
    lasts: "10 minutes",
  },
  {
    name: "bob_oauth_reauth",
    purpose: "Remembers that you are confirming it is you with Google before changing your email.",
    lasts: "10 minutes",
  },
] as const;
