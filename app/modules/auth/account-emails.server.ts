import { RESET_PASSWORD_TOKEN_MINUTES, SHOP_NAME, VERIFY_EMAIL_TOKEN_HOURS } from "../../lib/constants";
import type { RequestContext } from "../platform/request-context.server";
import { issueToken } from "./tokens.server";

type EmailContext = Pick<RequestContext, "db" | "bindings">;

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

/**
 * Account emails carry a one-time link, which exists only at this moment (the database keeps a
 * hash), so they are rendered now and stored whole in the outbox; the queue consumer sends them as stored.
 */
async function queueLinkEmail(
  ctx: EmailContext,
  user: { id: number; email: string; name: string },
  kind: "verify-email" | "reset-password" | "change-email",
  content: { subject: string; intro: string; action: string; link: string; outro: string },
) {
  const text = `Hello ${user.name},\n\n${content.intro}\n\n${content.action}: ${content.link}\n\n${content.outro}\n\n${SHOP_NAME}`;
  const html = `<!doctype html><html lang="en-GB"><body style="font-family:Georgia,serif;color:#1c1917;max-width:560px;margin:0 auto;padding:24px">
<p>Hello ${escapeHtml(user.name)},</p><p>${escapeHtml(content.intro)}</p>
<p><a href="${escapeHtml(content.link)}" style="display:inline-block;background:#7a4a1f;color:#fff;padding:10px 18px;border-radius:999px;text-decoration:none">${escapeHtml(content.action)}</a></p>
<p>${escapeHtml(content.outro)}</p><p>${SHOP_NAME}</p></body></html>`;
  const row = await ctx.db.$client
    .prepare("INSERT INTO email_outbox (kind, recipient, subject, html, text) VALUES (?, ?, ?, ?, ?) RETURNING id")
    .bind(kind, user.email, content.subject, html, text)
    .first<{ id: number }>();
  if (row) await ctx.bindings.EMAIL_QUEUE.send({ outboxId: row.id });
}

export async function sendVerificationEmail(
  ctx: EmailContext,
  user: { id: number; email: string; name: string },
  origin: string,
) {
  const token = await issueToken(ctx, user.id, "verify-email", VERIFY_EMAIL_TOKEN_HOURS * 3600_000);
  await queueLinkEmail(ctx, user, "verify-email", {
    subject: `Confirm your email for ${SHOP_NAME}`,
    intro: "Thanks for creating an account. Please confirm this is your email address.",
    action: "Confirm my email",
    link: `${origin}/verify-email?token=${token}`,
    outro: `The link works once and expires in ${VERIFY_EMAIL_TOKEN_HOURS} hours. If you didn't sign up, ignore this email.`,
  });
}

export async function sendPasswordResetEmail(
  ctx: EmailContext,
  user: { id: number; email: string; name: string },
  origin: string,
) {
  const token = await issueToken(ctx, user.id, "reset-password", RESET_PASSWORD_TOKEN_MINUTES * 60_000);
  await queueLinkEmail(ctx, user, "reset-password", {
    subject: `Reset your ${SHOP_NAME} password`,
    intro: "Someone (hopefully you) asked to reset the password for this account.",
    action: "Choose a new password",
    link: `${origin}/reset-password?token=${token}`,
    outro: `The link works once and expires in ${RESET_PASSWORD_TOKEN_MINUTES} minutes. If you didn't ask, ignore this email: your password is unchanged.`,
  });
}

/** Sent to the new address: the change happens only when its owner uses the link. */
export async function sendEmailChangeEmail(
  ctx: EmailContext,
  user: { id: number; name: string },
  newEmail: string,
  origin: string,
) {
  const token = await issueToken(ctx, user.id, "change-email", VERIFY_EMAIL_TOKEN_HOURS * 3600_000);
  await queueLinkEmail(ctx, { ...user, email: newEmail }, "change-email", {
    subject: `Confirm your new email for ${SHOP_NAME}`,
    intro: "You asked to use this address for your account. Please confirm it is yours.",
    action: "Use this email",
    link: `${origin}/verify-email?token=${token}`,
    outro: `The link works once and expires in ${VERIFY_EMAIL_TOKEN_HOURS} hours. Until then your old address stays in use. If you didn't ask, ignore this email.`,
  });
}
