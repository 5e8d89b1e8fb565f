/**
 * The demo bakery: what `npm run dev` shows a newcomer and what the e2e tests browse.
 * Allergens follow the UK's 14 regulated allergens; wheat, rye, barley, oats and spelt all
 * count as "cereals containing gluten".
 */
import type { AllergenId, DietaryTagId } from "../../app/lib/constants";

export type ArtShape =
  | "boule"
  | "batard"
  | "tin"
  | "baguette"
  | "buns"
  | "croissant"
  | "cake"
  | "cookie"
  | "tart"
  | "traybake"
  | "flatbread";

export type SeedCategory = { slug: string; name: string; description: string };

export type SeedProduct = {
  slug: string;
  name: string;
  category: string;
  summary: string;
  description: string;
  ingredients: string;
  pricePence: number;
  /** How many are baked on each open day (the plan's weekday default). */
  bakedPerDay: number;
  allergens: AllergenId[];
  dietaryTags: DietaryTagId[];
  weightGrams: number | null;
  sizeLabel: string | null;
  featured?: boolean;
  art: { shape: ArtShape; crust: string; background: string };
};

export const seedCategories: SeedCategory[] = [
  {
    slug: "sourdough",
    name: "Sourdough",
    description: "Naturally leavened loaves, fermented for 36 hours and baked dark.",
  },
  {
    slug: "rye-and-wholegrain",
    name: "Rye & wholegrain",
    description: "Dense, seeded and wholemeal breads that keep for days.",
  },
  {
    slug: "enriched-and-buns",
    name: "Buns & enriched",
    description: "Soft breads made with butter, milk and eggs: buns, brioche and challah.",
  },
  {
    slug: "pastries",
    name: "Pastries",
    description: "Laminated by hand with cultured butter and baked every morning.",
  },
  { slug: "cakes", name: "Cakes", description: "Whole cakes and traybakes for sharing, or not." },
  {
    slug: "biscuits",
    name: "Biscuits & cookies",
    description: "Biscuits, cookies and shortbread, baked in small batches.",
  },
  {
    slug: "gluten-free",
    name: "Gluten-free",
    description: "Baked on a separate day with dedicated tins; certified ingredients.",
  },
];

const wheat = { crust: "#a86a2c", background: "#f3e3c7" };
const dark = { crust: "#6e4321", background: "#eadcc4" };
const golden = { crust: "#d49a45", background: "#f8ecd9" };
const choc = { crust: "#4a2c1a", background: "#f1e4d6" };

export const seedProducts: SeedProduct[] = [
  {
    slug: "country-sourdough",
    name: "Country Sourdough",
    category: "sourdough",
    summary: "Our everyday loaf: open crumb, blistered crust, gentle tang.",
    description:
      "White and a little wholemeal flour, our twelve-year-old starter and a long, cold overnight prove. Baked dark for a crust that crackles. Keeps well for three days in a bread bag and toasts beautifully after that.",
    ingredients: "Wheat flour, water, wholemeal wheat flour, salt.",
    pricePence: 480,
    bakedPerDay: 24,
    allergens: ["gluten"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 900,
    sizeLabel: "Large loaf",
    featured: true,
    art: { shape: "boule", ...wheat },
  },
  {
    slug: "seeded-sourdough",
    name: "Seeded Sourdough",
    category: "sourdough",
    summary: "Country sourdough rolled in sesame, sunflower, pumpkin and linseed.",
    description:
      "The same dough as our country loaf with a soaker of toasted seeds folded through and a thick seed coat on the outside. Nutty and very good with soup.",
    ingredients:
      "Wheat flour, water, sunflower seeds, pumpkin seeds, sesame seeds, linseed, wholemeal wheat flour, salt.",
    pricePence: 540,
    bakedPerDay: 16,
    allergens: ["gluten", "sesame"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 950,
    sizeLabel: "Large loaf",
    featured: true,
    art: { shape: "batard", ...wheat },
  },
  {
    slug: "white-sourdough-tin",
    name: "White Sourdough Tin",
    category: "sourdough",
    summary: "Sourdough baked in a tin for even slices: the sandwich loaf.",
    description:
      "A softer crust and a tighter crumb than our free-form loaves, so it slices thin and holds a filling. Still naturally leavened, still nothing but flour, water and salt.",
    ingredients: "Wheat flour, water, salt.",
    pricePence: 450,
    bakedPerDay: 20,
    allergens: ["gluten"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 800,
    sizeLabel: "Tin loaf",
    art: { shape: "tin", ...golden },
  },
  {
    slug: "spelt-sourdough",
    name: "Spelt Sourdough",
    category: "sourdough",
    summary: "Wholegrain spelt for a sweet, nutty flavour and a tender crumb.",
    description:
      "Stoneground wholegrain spelt from a farm in Oxfordshire. Spelt is a wheat, so this is not suitable for a gluten-free diet, but many people find it gentler.",
    ingredients: "Wholegrain spelt flour (wheat), water, salt.",
    pricePence: 560,
    bakedPerDay: 10,
    allergens: ["gluten"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 800,
    sizeLabel: "Medium loaf",
    art: { shape: "batard", ...dark },
  },
  {
    slug: "olive-and-rosemary-sourdough",
    name: "Olive & Rosemary Sourdough",
    category: "sourdough",
    summary: "Kalamata olives and fresh rosemary in a long, open loaf.",
    description:
      "Whole pitted Kalamata olives folded in by hand, so expect a few big pockets. Made with extra-virgin olive oil. Olives may occasionally contain a stone fragment.",
    ingredients:
      "Wheat flour, water, Kalamata olives (olives, salt, red wine vinegar), extra-virgin olive oil, rosemary, salt.",
    pricePence: 590,
    bakedPerDay: 4,
    allergens: ["gluten", "sulphites"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 850,
    sizeLabel: "Large loaf",
    featured: true,
    art: { shape: "batard", crust: "#9c6a34", background: "#e3e6cf" },
  },
  {
    slug: "walnut-and-raisin-sourdough",
    name: "Walnut & Raisin Sourdough",
    category: "sourdough",
    summary: "Toasted walnuts and raisins soaked in tea. Brilliant with cheese.",
    description:
      "A darker, wholemeal-rich dough with a generous amount of fruit and nuts. Slice thinly and toast, or serve with a cheeseboard.",
    ingredients: "Wheat flour, water, raisins, walnuts, wholemeal wheat flour, black tea, salt.",
    pricePence: 620,
    bakedPerDay: 8,
    allergens: ["gluten", "nuts"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free"],
    weightGrams: 750,
    sizeLabel: "Medium loaf",
    art: { shape: "boule", ...dark },
  },
  {
    slug: "danish-rye",
    name: "Danish Rye (Rugbrød)",
    category: "rye-and-wholegrain",
    summary: "Dense, dark, seeded rye. Slice thin; it keeps for a week.",
    description:
      "Wholegrain rye sourdough packed with cracked rye, sunflower seeds and linseed, baked low and slow for four hours. The traditional base for smørrebrød.",
    ingredients: "Wholegrain rye flour, water, cracked rye, sunflower seeds, linseed, malted barley flour, salt.",
    pricePence: 520,
    bakedPerDay: 12,
    allergens: ["gluten"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 1000,
    sizeLabel: "Tin loaf",
    art: { shape: "tin", crust: "#4f3423", background: "#e7dccb" },
  },
  {
    slug: "light-rye-with-caraway",
    name: "Light Rye with Caraway",
    category: "rye-and-wholegrain",
    summary: "Half rye, half wheat, with caraway seeds. Made for salt beef.",
    description:
      "A deli-style rye: lighter than our Danish loaf and flavoured with whole caraway. Makes the best toasted sandwich we know.",
    ingredients: "Wheat flour, rye flour, water, caraway seeds, salt.",
    pricePence: 490,
    bakedPerDay: 14,
    allergens: ["gluten"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 800,
    sizeLabel: "Medium loaf",
    art: { shape: "batard", crust: "#7b5331", background: "#efe2cc" },
  },
  {
    slug: "hundred-percent-wholemeal",
    name: "100% Wholemeal",
    category: "rye-and-wholegrain",
    summary: "Stoneground wholemeal wheat, honey and a little butter.",
    description:
      "Our wholemeal tin loaf: soft, wholesome and good for children's sandwiches. Made with local honey, so not vegan.",
    ingredients: "Wholemeal wheat flour, water, honey, butter (milk), yeast, salt.",
    pricePence: 400,
    bakedPerDay: 18,
    allergens: ["gluten", "milk"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 800,
    sizeLabel: "Tin loaf",
    art: { shape: "tin", ...dark },
  },
  {
    slug: "fougasse",
    name: "Fougasse with Sea Salt",
    category: "rye-and-wholegrain",
    summary: "A leaf-shaped Provençal flatbread brushed with olive oil and flaky salt.",
    description: "Made for tearing and sharing. Best eaten the day it is baked, warmed through for five minutes.",
    ingredients: "Wheat flour, water, extra-virgin olive oil, sea salt, yeast.",
    pricePence: 380,
    bakedPerDay: 9,
    allergens: ["gluten"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 350,
    sizeLabel: "Sharing bread",
    art: { shape: "flatbread", ...golden },
  },
  {
    slug: "cinnamon-bun",
    name: "Cinnamon Bun",
    category: "enriched-and-buns",
    summary: "Swedish-style knot with cardamom dough and brown butter cinnamon.",
    description:
      "Twisted by hand, glazed with syrup and finished with pearl sugar. Our most popular bake; usually gone by eleven.",
    ingredients: "Wheat flour, butter (milk), milk, sugar, eggs, cinnamon, cardamom, yeast, pearl sugar, salt.",
    pricePence: 320,
    bakedPerDay: 30,
    allergens: ["gluten", "milk", "eggs"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 110,
    sizeLabel: "Single bun",
    featured: true,
    art: { shape: "buns", ...golden },
  },
  {
    slug: "cardamom-bun",
    name: "Cardamom Bun",
    category: "enriched-and-buns",
    summary: "Knotted bun with freshly ground cardamom butter.",
    description: "Floral, warming and not too sweet. We grind the cardamom seeds each morning.",
    ingredients: "Wheat flour, butter (milk), milk, sugar, eggs, cardamom, yeast, salt.",
    pricePence: 320,
    bakedPerDay: 3,
    allergens: ["gluten", "milk", "eggs"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 100,
    sizeLabel: "Single bun",
    art: { shape: "buns", crust: "#c48a3c", background: "#f5e9d3" },
  },
  {
    slug: "brioche-loaf",
    name: "Brioche Loaf",
    category: "enriched-and-buns",
    summary: "Rich, golden and feather-light. French toast's best friend.",
    description:
      "A third butter by weight of flour, mixed slowly and proved overnight. Slice thick for French toast or bread and butter pudding.",
    ingredients: "Wheat flour, butter (milk), eggs, sugar, milk, yeast, salt.",
    pricePence: 550,
    bakedPerDay: 10,
    allergens: ["gluten", "milk", "eggs"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 500,
    sizeLabel: "Tin loaf",
    art: { shape: "tin", crust: "#c07d2e", background: "#f7ead2" },
  },
  {
    slug: "challah",
    name: "Challah",
    category: "enriched-and-buns",
    summary: "Six-strand plaited loaf with sesame and poppy seeds. Dairy-free.",
    description:
      "Made with eggs and sunflower oil rather than butter, so it is dairy-free. Baked on Fridays; order ahead for the weekend.",
    ingredients: "Wheat flour, water, eggs, sugar, sunflower oil, sesame seeds, poppy seeds, yeast, salt.",
    pricePence: 480,
    bakedPerDay: 6,
    allergens: ["gluten", "eggs", "sesame"],
    dietaryTags: ["vegetarian", "dairy-free", "nut-free"],
    weightGrams: 550,
    sizeLabel: "Plaited loaf",
    art: { shape: "batard", crust: "#b6742a", background: "#f6e7cf" },
  },
  {
    slug: "spiced-fruit-buns",
    name: "Spiced Fruit Buns (4)",
    category: "enriched-and-buns",
    summary: "Four soft spiced buns with currants, sultanas and candied peel.",
    description: "Glazed while warm. Split, toast and butter generously. Sold in a bag of four.",
    ingredients:
      "Wheat flour, milk, currants, sultanas, butter (milk), sugar, eggs, candied orange peel, mixed spice, yeast, salt.",
    pricePence: 420,
    bakedPerDay: 12,
    allergens: ["gluten", "milk", "eggs", "sulphites"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 340,
    sizeLabel: "Bag of 4",
    art: { shape: "buns", crust: "#a7682d", background: "#f3e4cc" },
  },
  {
    slug: "butter-croissant",
    name: "Butter Croissant",
    category: "pastries",
    summary: "Laminated with French cultured butter: shatteringly crisp, honeycomb inside.",
    description:
      "A three-day process: dough on day one, laminating on day two, shaping and baking on day three. Warm it for three minutes in a hot oven.",
    ingredients: "Wheat flour, butter (milk), water, sugar, milk, yeast, salt, egg wash (eggs).",
    pricePence: 260,
    bakedPerDay: 36,
    allergens: ["gluten", "milk", "eggs"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 80,
    sizeLabel: "Single pastry",
    featured: true,
    art: { shape: "croissant", ...golden },
  },
  {
    slug: "pain-au-chocolat",
    name: "Pain au Chocolat",
    category: "pastries",
    summary: "Croissant dough wrapped around two batons of dark chocolate.",
    description: "Made with 55% dark chocolate batons. The same three-day dough as our croissants.",
    ingredients:
      "Wheat flour, butter (milk), dark chocolate (cocoa mass, sugar, cocoa butter, soya lecithin), water, sugar, milk, yeast, salt, egg wash (eggs).",
    pricePence: 300,
    bakedPerDay: 24,
    allergens: ["gluten", "milk", "eggs", "soya"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 85,
    sizeLabel: "Single pastry",
    art: { shape: "croissant", crust: "#b97a34", background: "#f1e2cf" },
  },
  {
    slug: "almond-croissant",
    name: "Almond Croissant",
    category: "pastries",
    summary: "Twice-baked with frangipane and flaked almonds.",
    description:
      "Yesterday's croissants soaked in syrup, filled with almond cream and baked again. Rich, sticky and worth it.",
    ingredients:
      "Croissant (wheat flour, butter (milk), water, sugar, milk, yeast, salt), ground almonds, sugar, butter (milk), eggs, flaked almonds, icing sugar.",
    pricePence: 360,
    bakedPerDay: 0,
    allergens: ["gluten", "milk", "eggs", "nuts"],
    dietaryTags: ["vegetarian"],
    weightGrams: 120,
    sizeLabel: "Single pastry",
    art: { shape: "croissant", crust: "#c99a5a", background: "#f4ead9" },
  },
  {
    slug: "seasonal-fruit-danish",
    name: "Seasonal Fruit Danish",
    category: "pastries",
    summary: "Vanilla custard and whatever fruit is best this week.",
    description: "Currently roasted Bramley apple with a little cinnamon. Custard made in-house with free-range eggs.",
    ingredients:
      "Wheat flour, butter (milk), Bramley apple, milk, sugar, eggs, water, cornflour, vanilla, cinnamon, yeast, salt.",
    pricePence: 340,
    bakedPerDay: 14,
    allergens: ["gluten", "milk", "eggs"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 110,
    sizeLabel: "Single pastry",
    art: { shape: "tart", crust: "#d0953f", background: "#f7e7d0" },
  },
  {
    slug: "vegan-morning-bun",
    name: "Vegan Morning Bun",
    category: "pastries",
    summary: "Laminated with plant butter, rolled in orange sugar.",
    description:
      "A fully vegan laminated pastry: no butter, milk or eggs anywhere in it. Made on the same bench as our other pastries.",
    ingredients:
      "Wheat flour, plant-based butter (palm-free: shea, rapeseed, coconut), water, sugar, orange zest, yeast, salt.",
    pricePence: 320,
    bakedPerDay: 15,
    allergens: ["gluten"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free", "nut-free"],
    weightGrams: 95,
    sizeLabel: "Single pastry",
    featured: true,
    art: { shape: "buns", crust: "#d89b3b", background: "#fbead0" },
  },
  {
    slug: "lemon-drizzle-loaf",
    name: "Lemon Drizzle Loaf",
    category: "cakes",
    summary: "Sharp lemon syrup soaked into a light sponge, with a crackly sugar top.",
    description: "Serves eight to ten. Made with unwaxed lemons; keeps for four days in a tin.",
    ingredients: "Butter (milk), sugar, eggs, self-raising wheat flour, lemons, milk.",
    pricePence: 1450,
    bakedPerDay: 5,
    allergens: ["gluten", "milk", "eggs"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 750,
    sizeLabel: "Whole loaf cake",
    art: { shape: "cake", crust: "#e8c060", background: "#fbf3d9" },
  },
  {
    slug: "carrot-cake",
    name: "Carrot & Walnut Cake",
    category: "cakes",
    summary: "Spiced carrot sponge, toasted walnuts, cream cheese frosting.",
    description: "A 20 cm two-layer cake serving twelve. Keep refrigerated and eat within three days.",
    ingredients:
      "Carrots, sugar, wheat flour, sunflower oil, eggs, walnuts, cream cheese (milk), butter (milk), icing sugar, sultanas, spices, baking powder.",
    pricePence: 2800,
    bakedPerDay: 3,
    allergens: ["gluten", "milk", "eggs", "nuts"],
    dietaryTags: ["vegetarian"],
    weightGrams: 1600,
    sizeLabel: "20 cm, serves 12",
    featured: true,
    art: { shape: "cake", crust: "#c47a3a", background: "#f6eadc" },
  },
  {
    slug: "chocolate-olive-oil-cake",
    name: "Chocolate Olive Oil Cake",
    category: "cakes",
    summary: "Dark, moist and dairy-free, made with extra-virgin olive oil.",
    description: "Serves ten. Made without butter or milk, so dairy-free, but it does contain eggs.",
    ingredients:
      "Dark chocolate (cocoa mass, sugar, cocoa butter, soya lecithin), sugar, eggs, extra-virgin olive oil, wheat flour, cocoa powder, baking powder, salt.",
    pricePence: 2400,
    bakedPerDay: 4,
    allergens: ["gluten", "eggs", "soya"],
    dietaryTags: ["vegetarian", "dairy-free", "nut-free"],
    weightGrams: 1100,
    sizeLabel: "20 cm, serves 10",
    art: { shape: "cake", ...choc },
  },
  {
    slug: "chocolate-brownies",
    name: "Chocolate Brownies (4)",
    category: "cakes",
    summary: "Fudgy brownies with a crackled top. Box of four.",
    description: "Made with 70% chocolate and brown butter. Intensely rich; one is usually enough.",
    ingredients:
      "Dark chocolate (cocoa mass, sugar, cocoa butter, soya lecithin), butter (milk), sugar, eggs, wheat flour, cocoa powder, salt.",
    pricePence: 900,
    bakedPerDay: 10,
    allergens: ["gluten", "milk", "eggs", "soya"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 360,
    sizeLabel: "Box of 4",
    art: { shape: "traybake", ...choc },
  },
  {
    slug: "all-butter-shortbread",
    name: "All-butter Shortbread",
    category: "biscuits",
    summary: "Scottish-style fingers: butter, sugar, flour and a pinch of salt.",
    description: "Baked pale and slow so they snap then melt. A bag of eight fingers.",
    ingredients: "Wheat flour, butter (milk), sugar, rice flour, salt.",
    pricePence: 500,
    bakedPerDay: 20,
    allergens: ["gluten", "milk"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 200,
    sizeLabel: "Bag of 8",
    art: { shape: "traybake", crust: "#e4c27e", background: "#f8efdc" },
  },
  {
    slug: "oat-and-raisin-cookies",
    name: "Oat & Raisin Cookies (4)",
    category: "biscuits",
    summary: "Chewy oat cookies with plump raisins and a little cinnamon.",
    description: "Crisp edges, soft middles. Four large cookies in a bag.",
    ingredients: "Oats, wheat flour, butter (milk), brown sugar, raisins, eggs, cinnamon, bicarbonate of soda, salt.",
    pricePence: 650,
    bakedPerDay: 16,
    allergens: ["gluten", "milk", "eggs"],
    dietaryTags: ["vegetarian", "nut-free"],
    weightGrams: 280,
    sizeLabel: "Bag of 4",
    art: { shape: "cookie", crust: "#b98544", background: "#f4e8d6" },
  },
  {
    slug: "peanut-butter-cookies",
    name: "Peanut Butter Cookies (4)",
    category: "biscuits",
    summary: "Salty-sweet, crumbly cookies made with crunchy peanut butter.",
    description: "Vegan: made with peanut butter and sunflower oil instead of butter and eggs.",
    ingredients:
      "Peanut butter (peanuts, salt), wheat flour, brown sugar, sunflower oil, water, bicarbonate of soda, vanilla, salt.",
    pricePence: 650,
    bakedPerDay: 12,
    allergens: ["gluten", "peanuts"],
    dietaryTags: ["vegan", "vegetarian", "dairy-free"],
    weightGrams: 260,
    sizeLabel: "Bag of 4",
    art: { shape: "cookie", crust: "#c08a4a", background: "#f5e6d0" },
  },
  {
    slug: "gluten-free-brown-loaf",
    name: "Gluten-free Brown Loaf",
    category: "gluten-free",
    summary: "Buckwheat, brown rice and psyllium: a proper sliceable GF loaf.",
    description:
      "Made on our gluten-free day with dedicated tins and certified gluten-free ingredients. Vegan and free from all 14 major allergens. Best toasted.",
    ingredients:
      "Water, buckwheat flour, brown rice flour, tapioca starch, psyllium husk, sunflower seeds, olive oil, yeast, salt.",
    pricePence: 600,
    bakedPerDay: 8,
    allergens: [],
    dietaryTags: ["vegan", "vegetarian", "gluten-free", "dairy-free", "nut-free"],
    weightGrams: 700,
    sizeLabel: "Tin loaf",
    art: { shape: "tin", crust: "#6f4a2c", background: "#e6e9d6" },
  },
  {
    slug: "flourless-chocolate-cake",
    name: "Flourless Chocolate Cake",
    category: "gluten-free",
    summary: "Dense, truffle-like and naturally gluten-free.",
    description:
      "Serves eight. Made with dark chocolate, butter and eggs and nothing else of note. Dust with cocoa and serve with crème fraîche.",
    ingredients:
      "Dark chocolate (cocoa mass, sugar, cocoa butter, soya lecithin), butter (milk), eggs, sugar, cocoa powder.",
    pricePence: 2200,
    bakedPerDay: 2,
    allergens: ["milk", "eggs", "soya"],
    dietaryTags: ["vegetarian", "gluten-free", "nut-free"],
    weightGrams: 900,
    sizeLabel: "20 cm, serves 8",
    art: { shape: "cake", crust: "#3b2416", background: "#efe1d3" },
  },
  {
    slug: "gluten-free-almond-financiers",
    name: "Almond Financiers (6)",
    category: "gluten-free",
    summary: "Little brown-butter almond cakes, crisp-edged and gluten-free.",
    description: "Made with ground almonds and rice flour. Six in a box.",
    ingredients: "Ground almonds, butter (milk), egg whites, icing sugar, rice flour, honey, salt.",
    pricePence: 750,
    bakedPerDay: 9,
    allergens: ["nuts", "milk", "eggs"],
    dietaryTags: ["vegetarian", "gluten-free"],
    weightGrams: 240,
    sizeLabel: "Box of 6",
    art: { shape: "traybake", crust: "#c98f4f", background: "#f5ead9" },
  },
];
