import { z } from "zod";
import { emailAddress, personName, phoneNumber, postalAddress, ukPostcode } from "../../lib/form-fields";
import { CONTROL_CHARACTER_MESSAGE, SINGLE_LINE_TEXT } from "../../lib/plain-text";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password";

const email = emailAddress;

// Bots fill every field; people never see this one.
const honeypot = z.string().max(0, "Leave this field empty").optional();

const newPassword = z
  .string({ message: `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters` })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use ${PASSWORD_MAX_LENGTH} characters or fewer`)
  .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

export const SignupSchema = z.object({
  name: personName,
  email,
  password: newPassword,
  website: honeypot,
});

const currentPassword = z.string().max(PASSWORD_MAX_LENGTH).regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE);

export const ForgotPasswordSchema = z.object({ email, website: honeypot });

export const ResetPasswordSchema = z.object({
  token: z.string().regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  password: newPassword,
});

export const LoginSchema = z.object({
  email,
  password: z
    .string({ message: "Enter your password" })
    .min(1, "Enter your password")
    .max(PASSWORD_MAX_LENGTH)
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  website: honeypot,
  // Never stored or shown: safeRedirect decides where it may lead (a bad one leads home).
  redirectTo: z.string().optional(),
});

export const AccountDetailsSchema = z.object({
  name: personName,
  phone: phoneNumber.default(""),
  address: postalAddress.default(""),
  postcode: ukPostcode.default(""),
});

// The current password is asked for whenever the account has one: a borrowed session alone
// must not be enough to take the account over.
export const ChangeEmailSchema = z.object({
  email,
  currentPassword: currentPassword.optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: currentPassword.optional(),
    newPassword,
    confirmPassword: z
      .string({ message: "Type the new password again" })
      .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
  })
  .refine((value) => value.newPassword === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "The two passwords don't match",
  });

export const SecondFactorSchema = z.object({
  code: z
    .string({ message: "Enter the 6-digit code from your authenticator app" })
    .trim()
    .min(6, "Enter the 6-digit code from your authenticator app")
    .max(20, "Enter a 6-digit code or a recovery code")
    .regex(SINGLE_LINE_TEXT, CONTROL_CHARACTER_MESSAGE),
});
