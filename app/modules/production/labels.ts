import { ALLERGENS, type AllergenId } from "../../lib/constants";
import { addDays } from "./availability";

/**
 * Words in an ingredients list that name one of the 14 allergens (Food Information Regulations
 * 2014, Annex II), so a label can emphasise them as the law asks for pre-packed-for-direct-sale
 * food ("Natasha's Law", in force since 1 October 2021).
 */
const ALLERGEN_WORDS: Record<AllergenId, string[]> = {
  celery: ["celery", "celeriac"],
  gluten: [
    "wheat",
    "rye",
    "barley",
    "oats?",
    "spelt",
    "kamut",
    "khorasan",
    "einkorn",
    "emmer",
    "semolina",
    "durum",
    "malt(?:ed)?",
  ],
  crustaceans: ["crab", "lobster", "prawns?", "shrimps?", "crayfish", "langoustines?"],
  eggs: ["eggs?", "egg yolks?", "egg whites?"],
  fish: ["fish", "anchov(?:y|ies)", "salmon", "tuna", "cod"],
  lupin: ["lupin"],
  milk: [
    "milk",
    "butter(?:milk)?",
    "cream",
    "cheese",
    "yog(?:h)?urt",
    "whey",
    "lactose",
    "crème fraîche",
    "quark",
    "ricotta",
    "mascarpone",
  ],
  molluscs: ["mussels?", "oysters?", "squid", "clams?", "scallops?"],
  mustard: ["mustard"],
  nuts: [
    "almonds?",
    "hazelnuts?",
    "walnuts?",
    "pecans?",
    "cashews?",
    "pistachios?",
    "macadamias?",
    "brazil nuts?",
    "marzipan",
    "frangipane",
  ],
  peanuts: ["peanuts?", "groundnuts?"],
  sesame: ["sesame"],
  soya: ["soya", "soy", "soybeans?", "tofu"],
  sulphites: ["sulphites?", "sulfites?", "sulphur dioxide", "metabisulphite"],
};

const ALLERGEN_PATTERN = new RegExp(
  `\\b(${Object.values(ALLERGEN_WORDS)
    .flat()
    .sort((a, b) => b.length - a.length)
    .join("|")})\\b`,
  "giu",
);

export type IngredientPart = { text: string; allergen: boolean };

/** An ingredients list in parts, allergen words marked, for a label to print in bold. */
export function emphasiseAllergens(ingredients: string): IngredientPart[] {
  const parts: IngredientPart[] = [];
  let at = 0;
  for (const match of ingredients.matchAll(ALLERGEN_PATTERN)) {
    const start = match.index ?? 0;
    if (start > at) parts.push({ text: ingredients.slice(at, start), allergen: false });
    parts.push({ text: match[0], allergen: true });
    at = start + match[0].length;
  }
  if (at < ingredients.length) parts.push({ text: ingredients.slice(at), allergen: false });
  return parts;
}

/**
 * The product's declared allergens (the same list the shop shows) that its ingredients text does
 * not name in words a reader would spot: the label states them separately, so none is missed.
 */
export function allergensNotInIngredients(ingredients: string, declared: readonly AllergenId[]): string[] {
  return declared
    .filter((id) => !new RegExp(`\\b(${ALLERGEN_WORDS[id].join("|")})\\b`, "iu").test(ingredients))
    .map((id) => ALLERGENS.find((allergen) => allergen.id === id)?.label ?? id);
}

/** The best-before date of something baked on `bakeDate` that keeps `shelfLifeDays`. */
export function bestBefore(bakeDate: string, shelfLifeDays: number): string {
  return addDays(bakeDate, shelfLifeDays);
}
