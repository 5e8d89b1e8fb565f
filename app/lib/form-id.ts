/**
 * The hidden field naming the form that was posted (pages with several forms). Apart from
 * form-answer.ts so a light form (Add to basket, notify-me) can name itself without loading zod.
 */
export const FORM_ID_FIELD = "formId";
