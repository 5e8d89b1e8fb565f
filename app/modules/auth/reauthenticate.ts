import { data } from "react-router";

/**
 * The answer to an email or password change from a Google-only account that has not signed in to
 * Google again in the last few minutes: 403, the values kept, the form says what to do.
 */
export function reauthenticateFirst(
  submission: { reply: (options: { formErrors: string[]; hideFields?: string[] }) => unknown },
  hideFields: string[],
) {
  return data(
    {
      result: submission.reply({
        formErrors: ["Please confirm it's you with Google first: use the button above."],
        hideFields,
      }),
    },
    { status: 403 },
  );
}
