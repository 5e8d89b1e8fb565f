import { COLLECTION_RULES } from "./constants";

const DAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** "Tuesday to Saturday, 08:00–16:00": the bake days and collection windows, in words. */
export function openingHours(): string {
  const days = [...COLLECTION_RULES.bakeDays].sort((a, b) => a - b);
  const consecutive = days.every((day, i) => i === 0 || day === (days[i - 1] ?? -2) + 1);
  const first = DAY_NAMES[days[0] ?? 0];
  const last = DAY_NAMES[days.at(-1) ?? 0];
  const dayText = consecutive && days.length > 2 ? `${first} to ${last}` : days.map((d) => DAY_NAMES[d]).join(", ");
  const opens = COLLECTION_RULES.windows[0];
  const lastWindow = COLLECTION_RULES.windows.at(-1) ?? opens;
  const [hour = 0, minute = 0] = lastWindow.split(":").map(Number);
  const closes = `${String(hour + COLLECTION_RULES.windowHours).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
  return `${dayText}, ${opens}–${closes}`;
}
