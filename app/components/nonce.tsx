import { createContext, useContext } from "react";

// The browser hides nonce attributes after parsing, so the client always sees "" here;
// only the server render needs the real value.
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce(): string {
  return useContext(NonceContext);
}
