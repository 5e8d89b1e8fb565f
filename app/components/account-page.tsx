import { type FieldMetadata, getInputProps } from "@conform-to/react";
import type { ReactNode } from "react";
import { BackLink } from "./back-link";
import { FormField } from "./form-field";

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

export function SubmitButton({ children, pending }: { children: ReactNode; pending: boolean }) {
  return (
    <button
      type="submit"
      disabled={pending}
      className="rounded-full bg-crust-700 px-6 py-2.5 font-semibold text-white hover:bg-crust-800 disabled:opacity-70"
    >
      {children}
    </button>
  );
}

/** Asked for before changing email or password, when the account has a password at all. */
export function CurrentPasswordField({ field }: { field: FieldMetadata<string | undefined> }) {
  return (
    <FormField
      label="Current password"
      errors={field.errors}
      errorId={field.errorId}
      inputProps={{ ...getInputProps(field, { type: "password" }), autoComplete: "current-password", required: true }}
    />
  );
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
      <SubmitButton pending={false}>Confirm it's me with Google</SubmitButton>
    </form>
  );
}
