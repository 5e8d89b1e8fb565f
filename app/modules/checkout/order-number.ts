// Crockford-style alphabet without 0/O, 1/I/L or U: readable aloud over the counter.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** "BB-7K4Q2X": 30^6 ≈ 729 million numbers; uniqueness is still enforced by the database. */
export function generateOrderNumber(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return `BB-${[...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join("")}`;
}

/** 256 random bits, hex: the key to a guest's order page. */
export function generateAccessToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(32))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
