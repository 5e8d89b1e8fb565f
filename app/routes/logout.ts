import { redirect } from "react-router";
import { endSession } from "../modules/auth/session.server";
import { readForm } from "../modules/forms/read-form.server";
import { getRequestContext } from "../modules/platform/request-context.server";
import type { Route } from "./+types/logout";

// POST only: a link or image cannot sign anyone out.
export async function action({ request, context }: Route.ActionArgs) {
  await readForm(request);
  const cookie = await endSession(getRequestContext(context), request);
  return redirect("/", { status: 303, headers: { "Set-Cookie": cookie } });
}

export function loader() {
  return redirect("/");
}
