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
