import type { ReactNode } from "react";
import { BackLink } from "./back-link";
import { Button } from "./forms/button";
import { type AnyField, InputField } from "./forms/fields";

/** The frame of every page under /account: a way back and one heading. */
export function AccountPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-labelledby="account-page-heading" className="mx-auto max-w-md">
      <BackLink to="/account">Your account</BackLink>
      <h1 id="account-page-heading" className="mt-2 font-serif text-3xl font-bold text-crust-900">
        {title}
      </h1>
      {children}
    </section>
  );
}

/** Asked for before changing email or password, when the account has a password at all. */
export function CurrentPasswordField({ field }: { field: AnyField }) {
  return <InputField field={field} label="Current password" type="password" autoComplete="current-password" required />;
}

/**
 * For accounts that sign in with Google only: before a change a password would guard, a fresh
 * Google sign-in (a plain POST: the answer is a redirect to Google).
 */
export function GoogleReauthentication({ returnTo, failed }: { returnTo: string; failed: boolean }) {
  return (
    <form
      method="post"
      action="/auth/google"
      className="mt-6 space-y-4 rounded-2xl border border-crust-200 bg-white p-4"
    >
      {failed ? (
        <p role="alert" className="font-semibold text-red-800">
          Google didn't confirm a fresh sign-in to this account. Please try again.
        </p>
      ) : null}
      <p>You sign in with Google, so first confirm it's you there. Google will ask for your password.</p>
      <input type="hidden" name="intent" value="reauth" />
      <input type="hidden" name="redirectTo" value={returnTo} />
      <Button pending={false}>Confirm it's me with Google</Button>
    </form>
  );
}
