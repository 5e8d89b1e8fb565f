/**
 * What an unsubscribe link can stop (decision 031): the newsletter, or one notify-me request.
 * Each list says who a link's row belongs to, whether it is still on, and how to turn it off; the
 * unsubscribe page and the one-click POST go through here and never see a table.
 */
import { NEWSLETTER } from "../../lib/constants";
import { type MailingList, unsubscribeTokenMatches } from "../email/unsubscribe-links.server";
import { cancelWaitingFor, notifyRequestById } from "../notify/notify-me.server";
import type { RequestContext } from "../platform/request-context.server";
import { subscriberById, unsubscribeSubscriber } from "./subscribers.server";

type Ctx = Pick<RequestContext, "db" | "env">;

export type ListMember = {
  /** What the person is unsubscribing from, as the page names it. */
  what: string;
  address: string;
  active: boolean;
};

type ListAdapter = {
  find(ctx: Ctx, id: number): Promise<ListMember | null>;
  leave(ctx: Ctx, id: number, by: "link" | "one-click"): Promise<void>;
};

const lists: Record<MailingList, ListAdapter> = {
  newsletter: {
    async find(ctx, id) {
      const row = await subscriberById(ctx, id);
      return row
        ? { what: `“${NEWSLETTER.name}”, our newsletter`, address: row.address, active: row.status === "subscribed" }
        : null;
    },
    leave: unsubscribeSubscriber,
  },
  notify: {
    async find(ctx, id) {
      const row = await notifyRequestById(ctx, id);
      return row ? { what: "emails telling you a bake is back", address: row.address, active: row.waiting > 0 } : null;
    },
    leave: (ctx, id) => cancelWaitingFor(ctx, id),
  },
};

/** The member a link names, if its token was made for that list, row and address; else null. */
export async function memberForLink(ctx: Ctx, list: MailingList, id: number, token: string) {
  const member = await lists[list].find(ctx, id);
  if (!member) return null;
  if (!(await unsubscribeTokenMatches(ctx.env, list, id, member.address, token))) return null;
  return member;
}

export function leaveList(ctx: Ctx, list: MailingList, id: number, by: "link" | "one-click") {
  return lists[list].leave(ctx, id, by);
}

/** "j…@example.com": enough for the person to recognise, not the whole address for anyone holding the link. */
export function maskedAddress(address: string): string {
  const [local = "", domain = ""] = address.split("@");
  return `${local.slice(0, 1)}…@${domain}`;
}
