import { data } from "react-router";

// Every unknown path lands here so the root ErrorBoundary renders the styled 404 with a real 404 status.
export function loader() {
  throw data({ message: "That page doesn't exist." }, { status: 404 });
}

export default function NotFound() {
  return null;
}
