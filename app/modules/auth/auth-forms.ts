import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "./password";

const email = z
  .email({ message: "Enter an email address like name@example.com" })
  .max(254, "Use 254 characters or fewer");

// Bots fill every field; people never see this one.
const honeypot = z.string().max(0, "Leave this field empty").optional();

export const SignupSchema = z.object({
  name: z
    .string({ message: "Enter your name" })
    .trim()
    .min(1, "Enter your name")
    .max(100, "Use 100 characters or fewer"),
  email,
  password: z
    .string({ message: `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters` })
    .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(PASSWORD_MAX_LENGTH, `Use ${PASSWORD_MAX_LENGTH} characters or fewer`),
  website: honeypot,
  redirectTo: z.string().optional(),
});

const newPassword = z
  .string({ message: `Choose a password of at least ${PASSWORD_MIN_LENGTH} characters` })
  .min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Use ${PASSWORD_MAX_LENGTH} characters or fewer`);

export const ForgotPasswordSchema = z.object({ email, website: honeypot });

export const ResetPasswordSchema = z.object({ token: z.string(), password: newPassword });

export const LoginSchema = z.object({
  email,
  password: z.string({ message: "Enter your password" }).min(1, "Enter your password").max(PASSWORD_MAX_LENGTH),
  website: honeypot,
  redirectTo: z.string().optional(),
});

export const AccountDetailsSchema = z.object({
  name: z
    .string({ message: "Enter your name" })
    .trim()
    .min(1, "Enter your name")
    .max(100, "Use 100 characters or fewer"),
  phone: z.string().trim().max(30, "Use 30 characters or fewer").default(""),
  address: z.string().trim().max(300, "Use 300 characters or fewer").default(""),
  postcode: z
    .string()
    .trim()
    .max(10, "Enter a UK postcode")
    .regex(/^([A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2})?$/, "Enter a UK postcode like BS1 4DJ")
    .default(""),
});

// The current password is asked for whenever the account has one: a borrowed session alone
// must not be enough to take the account over.
export const ChangeEmailSchema = z.object({
  email,
  currentPassword: z.string().max(PASSWORD_MAX_LENGTH).optional(),
});

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string().max(PASSWORD_MAX_LENGTH).optional(),
    newPassword,
    confirmPassword: z.string({ message: "Type the new password again" }),
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
    .max(20, "Enter a 6-digit code or a recovery code"),
});
