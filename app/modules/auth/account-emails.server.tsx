import { and, eq, exists, isNull, sql } from "drizzle-orm";
import { emailOutbox, users } from "../../../database/schema";
import { RESET_PASSWORD_TOKEN_MINUTES, SHOP_NAME, VERIFY_EMAIL_TOKEN_HOURS } from "../../lib/constants";
import { renderEmail, shopForEmails } from "../email/render-email.server";
import { type AccountEmailContent, AccountEmail as AccountEmailTemplate } from "../email/templates/account-email";
import { bare, insertWhere, returnedRows, sqlLower } from "../platform/db.server";
import type { RequestContext } from "../platform/request-context.server";
import { issueToken, prepareTokenForAddress } from "./tokens.server";

type EmailContext = Pick<RequestContext, "db" | "bindings">;

type AccountEmailKind =
  | "verify-email"
  | "reset-password"
  | "change-email"
  | "signup-existing"
  | "email-changed"
  | "password-changed";

type AccountEmail = AccountEmailContent;

/**
 * Account emails are rendered now and stored whole in the outbox (a one-time link exists only at
 * this moment; the database keeps a hash); the queue consumer sends them as stored.
 *
 * They greet nobody by name and carry no text a visitor typed: they go to addresses nobody has
 * proved yet, and the shop must not be a way to put a stranger's words in someone's inbox.
 */
async function queueAccountEmail(ctx: EmailContext, recipient: string, kind: AccountEmailKind, email: AccountEmail) {
  const { query } = await outboxInsert(ctx, recipient, kind, email);
  const [row] = returnedRows<{ id: number }>(await query);
  if (row) await ctx.bindings.EMAIL_QUEUE.send({ outboxId: row.id });
}

/**
 * The outbox row for an account email, rendered whole (text and HTML), as an unexecuted query
 * (wrapped: a query is a promise, and awaiting the render must not run it).
 */
async function outboxInsert(ctx: EmailContext, recipient: string, kind: AccountEmailKind, email: AccountEmail) {
  const { subject, html, text } = await renderEmail(
    email.subject,
    <AccountEmailTemplate {...email} />,
    await shopForEmails(ctx.db),
  );
  // Inserted only while an active account has the address (always true for the account's own
  // emails; what keeps a reset request for an unknown address from sending anything).
  const activeAccountHasIt = exists(
    ctx.db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.email, sqlLower(recipient)), isNull(users.disabledAt))),
  );
  const query = insertWhere(
    ctx.db,
    emailOutbox,
    { kind, recipient, subject, html, text },
    {
      where: kind === "reset-password" ? activeAccountHasIt : sql`1`,
      returning: sql`${bare(emailOutbox.id)}`,
    },
  );
  return { query };
}

/** A link confirming the account's own address; it verifies only while the account still has it. */
export async function sendVerificationEmail(ctx: EmailContext, user: { id: number; email: string }, origin: string) {
  const token = await issueToken(ctx, {
    userId: user.id,
    purpose: "verify-email",
    email: user.email,
    ttlMs: VERIFY_EMAIL_TOKEN_HOURS * 3600_000,
  });
  await queueAccountEmail(ctx, user.email, "verify-email", {
    subject: `Confirm your email for ${SHOP_NAME}`,
    paragraphs: [
      `Thanks for creating an account with ${SHOP_NAME}. Please confirm this is your email address.`,
      `The link works once and expires in ${VERIFY_EMAIL_TOKEN_HOURS} hours. If you didn't sign up, ignore this email.`,
    ],
    action: { label: "Confirm my email", link: `${origin}/verify-email?token=${token}` },
  });
}

/**
 * A reset link for the account with this address, if there is an active one. The same statements
 * run either way, in one batch, so the answer, its timing and its query count say nothing about
 * who has an account.
 */
export async function sendPasswordResetEmail(ctx: EmailContext, address: string, origin: string) {
  const email = address.toLowerCase();
  const token = await prepareTokenForAddress(ctx, {
    purpose: "reset-password",
    email,
    ttlMs: RESET_PASSWORD_TOKEN_MINUTES * 60_000,
  });
  const outboxRow = await outboxInsert(ctx, email, "reset-password", {
    subject: `Reset your ${SHOP_NAME} password`,
    paragraphs: [
      "Someone (hopefully you) asked to reset the password for this account.",
      `The link works once and expires in ${RESET_PASSWORD_TOKEN_MINUTES} minutes. If you didn't ask, ignore this email: your password is unchanged.`,
    ],
    action: { label: "Choose a new password", link: `${origin}/reset-password?token=${token.value}` },
  });
  const [, outbox] = await ctx.db.batch([token.query, outboxRow.query]);
  const [row] = returnedRows<{ id: number }>(outbox);
  if (row) await ctx.bindings.EMAIL_QUEUE.send({ outboxId: row.id });
}

/** Sent to the new address: the change happens only when its owner uses the link. */
export async function sendEmailChangeEmail(ctx: EmailContext, userId: number, newEmail: string, origin: string) {
  const token = await issueToken(ctx, {
    userId,
    purpose: "change-email",
    email: newEmail,
    ttlMs: VERIFY_EMAIL_TOKEN_HOURS * 3600_000,
  });
  await queueAccountEmail(ctx, newEmail, "change-email", {
    subject: `Confirm your new email for ${SHOP_NAME}`,
    paragraphs: [
      `Someone asked to use this address for their ${SHOP_NAME} account. Please confirm it is yours.`,
      `The link works once and expires in ${VERIFY_EMAIL_TOKEN_HOURS} hours. Until then the account keeps its old address. If you didn't ask, ignore this email.`,
    ],
    action: { label: "Use this email", link: `${origin}/verify-email?token=${token}` },
  });
}

/**
 * Someone tried to sign up with an address that already has an account. The form answers as it
 * does for a new address (nothing to learn about who shops here); the owner hears about it.
 */
export async function sendSignupExistingEmail(ctx: EmailContext, email: string, origin: string) {
  await queueAccountEmail(ctx, email, "signup-existing", {
    subject: `You already have a ${SHOP_NAME} account`,
    paragraphs: [
      "Someone (hopefully you) tried to create an account with this email address, but it already has one.",
      `If it was you, sign in at ${origin}/login, or choose a new password at ${origin}/forgot-password. If it wasn't, you can ignore this email: nothing has changed.`,
    ],
  });
}

/** Told to the old address whenever an account's email changes: the owner learns of a takeover. */
export async function sendEmailChangedNotice(
  ctx: EmailContext,
  change: { oldEmail: string; newEmail: string },
  origin: string,
) {
  await queueAccountEmail(ctx, change.oldEmail, "email-changed", {
    subject: `Your ${SHOP_NAME} email address was changed`,
    paragraphs: [
      `The email address of your ${SHOP_NAME} account was changed to ${change.newEmail}, and every device was signed out.`,
      `If that wasn't you, reply to this email or contact the bakery straight away, and reset your password at ${origin}/forgot-password.`,
    ],
  });
}

/** Told to the account's address whenever its password is changed or reset. */
export async function sendPasswordChangedNotice(ctx: EmailContext, email: string, origin: string) {
  await queueAccountEmail(ctx, email, "password-changed", {
    subject: `Your ${SHOP_NAME} password was changed`,
    paragraphs: [
      `The password of your ${SHOP_NAME} account was just changed, and other devices were signed out.`,
      `If that wasn't you, choose a new password at ${origin}/forgot-password straight away.`,
    ],
  });
}
