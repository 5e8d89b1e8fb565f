import { Button } from "./forms/button";
/**
 * "Continue with Google": a plain form POST (no client routing), because the answer is a redirect
 * to Google's sign-in page.
 */
export function GoogleSignIn({ redirectTo }: { redirectTo: string }) {
  return (
    <form method="post" action="/auth/google" className="mt-6">
      <input type="hidden" name="redirectTo" value={redirectTo} />
      <Button
        variant="secondary"
        pending={false}
        className="flex w-full items-center justify-center gap-3 border-stone-400 bg-white text-stone-900 hover:bg-stone-50"
      >
        <svg aria-hidden="true" viewBox="0 0 48 48" className="size-5">
          <path
            fill="#FFC107"
            d="M43.6 20.5H42V20H24v8h11.3C33.7 32.7 29.2 36 24 36c-6.6 0-12-5.4-12-12s5.4-12 12-12c3.1 0 5.8 1.2 7.9 3.1l5.7-5.7C34 6.1 29.3 4 24 4 12.9 4 4 12.9 4 24s8.9 20 20 20 20-8.9 20-20c0-1.3-.1-2.4-.4-3.5z"
          />
          <path
            fill="#FF3D00"
            d="m6.3 14.7 6.6 4.8C14.7 15.1 19 12 24 12c3.1 0 5.8 1.2 7.9 3.1l5.7-5.7C34 6.1 29.3 4 24 4 16.3 4 9.7 8.3 6.3 14.7z"
          />
          <path
            fill="#4CAF50"
            d="M24 44c5.2 0 9.9-2 13.4-5.2l-6.2-5.2C29.2 35.1 26.7 36 24 36c-5.2 0-9.6-3.3-11.3-8l-6.5 5C9.5 39.6 16.2 44 24 44z"
          />
          <path
            fill="#1976D2"
            d="M43.6 20.5H42V20H24v8h11.3c-.8 2.2-2.2 4.2-4.1 5.6l6.2 5.2C37 39.2 44 34 44 24c0-1.3-.1-2.4-.4-3.5z"
          />
        </svg>
        Continue with Google
      </Button>
      <p className="mt-6 flex items-center gap-3 text-sm text-stone-600" aria-hidden="true">
        <span className="h-px flex-1 bg-stone-300" />
        or with your email
        <span className="h-px flex-1 bg-stone-300" />
      </p>
    </form>
  );
}

/** Why a sign-in came back without signing anyone in: said on the sign-in page it returns to. */
export const SIGN_IN_ERRORS = {
  "google-failed": "Google sign-in didn't complete. Please try again.",
  "google-unverified": "Google hasn't confirmed that email address, so we can't use it to sign you in.",
  "google-linked-elsewhere": "That email address belongs to an account linked to a different Google account.",
  "account-disabled": "This account has been disabled. Please contact the bakery.",
  "two-factor-expired": "Your sign-in took too long to finish. Please sign in again.",
} as const;

export type SignInError = keyof typeof SIGN_IN_ERRORS;
