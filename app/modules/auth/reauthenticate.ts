/**
 * Said to a Google-only account changing its email or password without a fresh Google sign-in in
 * the last few minutes (answered 403, the values kept): the form says what to do.
 */
export const REAUTHENTICATE_FIRST = "Please confirm it's you with Google first: use the button above.";
