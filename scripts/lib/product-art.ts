/**
 * Product pictures drawn by the project itself (no downloads, no stock photos): a simple
 * illustration of each bake, rendered from SVG to WebP at every srcset width with sharp.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import type { ArtShape, SeedProduct } from "../../database/seed/catalog-data.ts";
import type { SeedImage } from "../../database/seed/seed-catalog.ts";

export const ART_WIDTHS = [320, 640, 960] as const;
const VIEW_W = 400;
const VIEW_H = 300;

function shade(hex: string, amount: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  const channel = (shift: number) => Math.max(0, Math.min(255, ((n >> shift) & 255) + amount));
  return `#${[16, 8, 0].map((s) => channel(s).toString(16).padStart(2, "0")).join("")}`;
}

function scores(cx: number, cy: number, count: number, spread: number, colour: string): string {
  return Array.from({ length: count }, (_, i) => {
    const x = cx - spread / 2 + (spread / Math.max(1, count - 1)) * i;
    return `<path d="M${x - 18} ${cy + 14} Q${x} ${cy - 16} ${x + 18} ${cy - 10}" stroke="${colour}" stroke-width="6" fill="none" stroke-linecap="round"/>`;
  }).join("");
}

function drawShape(shape: ArtShape, crust: string): string {
  const light = shade(crust, 45);
  const darker = shade(crust, -40);
  switch (shape) {
    case "boule":
      return `<ellipse cx="200" cy="170" rx="120" ry="95" fill="${crust}"/><ellipse cx="200" cy="160" rx="105" ry="78" fill="${light}"/>
        <path d="M140 150 L260 150 M200 95 L200 215" stroke="${darker}" stroke-width="8" stroke-linecap="round"/>`;
    case "batard":
      return `<ellipse cx="200" cy="170" rx="160" ry="72" fill="${crust}"/><ellipse cx="200" cy="162" rx="145" ry="58" fill="${light}"/>${scores(200, 160, 4, 200, darker)}`;
    case "tin":
      return `<rect x="90" y="140" width="220" height="100" rx="10" fill="${darker}"/><path d="M90 150 Q90 70 200 70 Q310 70 310 150 Z" fill="${crust}"/>
        <path d="M110 145 Q115 90 200 88 Q285 90 290 145 Z" fill="${light}"/>`;
    case "baguette":
      return `<rect x="40" y="130" width="320" height="60" rx="30" fill="${crust}"/>${scores(200, 158, 5, 240, darker)}`;
    case "buns":
      return [
        [130, 180],
        [270, 180],
        [200, 120],
      ]
        .map(
          ([x, y]) =>
            `<circle cx="${x}" cy="${y}" r="62" fill="${crust}"/><circle cx="${x}" cy="${y}" r="40" fill="${light}"/><path d="M${x - 30} ${y} Q${x} ${y - 30} ${x + 30} ${y}" stroke="${darker}" stroke-width="6" fill="none"/>`,
        )
        .join("");
    case "croissant":
      return `<path d="M60 200 Q200 40 340 200 Q300 215 270 195 Q200 120 130 195 Q100 215 60 200 Z" fill="${crust}"/>
        <path d="M150 180 Q200 110 250 180 M120 190 Q200 80 280 190" stroke="${light}" stroke-width="10" fill="none" stroke-linecap="round"/>`;
    case "cake":
      return `<ellipse cx="200" cy="225" rx="140" ry="30" fill="${darker}"/><rect x="60" y="120" width="280" height="105" fill="${crust}"/>
        <ellipse cx="200" cy="120" rx="140" ry="30" fill="${light}"/><rect x="60" y="165" width="280" height="12" fill="${light}"/>`;
    case "cookie":
      return [
        [140, 170],
        [260, 150],
      ]
        .map(
          ([x, y]) =>
            `<circle cx="${x}" cy="${y}" r="80" fill="${crust}"/><circle cx="${x}" cy="${y}" r="66" fill="${light}"/>
             <circle cx="${x - 25}" cy="${y - 15}" r="8" fill="${darker}"/><circle cx="${x + 20}" cy="${y + 10}" r="9" fill="${darker}"/><circle cx="${x + 5}" cy="${y - 30}" r="6" fill="${darker}"/>`,
        )
        .join("");
    case "tart":
      return `<circle cx="200" cy="160" r="115" fill="${crust}"/><circle cx="200" cy="160" r="85" fill="#f6dd8e"/>
        <circle cx="170" cy="145" r="22" fill="#d9534f"/><circle cx="225" cy="150" r="20" fill="#e4a23a"/><circle cx="195" cy="190" r="20" fill="#8fb35a"/>`;
    case "traybake":
      return [0, 1, 2, 3]
        .map((i) => {
          const x = 85 + (i % 2) * 120;
          const y = 70 + Math.floor(i / 2) * 90;
          return `<rect x="${x}" y="${y}" width="110" height="80" rx="8" fill="${crust}"/><rect x="${x + 8}" y="${y + 6}" width="94" height="40" rx="6" fill="${light}"/>`;
        })
        .join("");
    case "flatbread":
      return `<path d="M200 50 Q330 120 290 250 L110 250 Q70 120 200 50 Z" fill="${crust}"/>
        <path d="M200 90 L200 220 M160 140 L140 190 M240 140 L260 190 M170 110 L160 130 M230 110 L240 130" stroke="${shade(crust, 70)}" stroke-width="14" stroke-linecap="round"/>`;
  }
}

export function productSvg(product: Pick<SeedProduct, "art">): string {
  const { shape, crust, background } = product.art;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${VIEW_W} ${VIEW_H}" width="${VIEW_W}" height="${VIEW_H}">
    <rect width="${VIEW_W}" height="${VIEW_H}" fill="${background}"/>
    <ellipse cx="200" cy="262" rx="170" ry="20" fill="#000" opacity="0.08"/>
    ${drawShape(shape, crust)}
  </svg>`;
}

export type RenderedImage = SeedImage & { files: { key: string; bytes: Buffer }[] };

/** Renders every width; keys carry a hash of the drawing so they are content-addressed. */
export async function renderProductImage(product: SeedProduct): Promise<RenderedImage> {
  const svg = productSvg(product);
  const hash = createHash("sha256").update(svg).digest("hex").slice(0, 16);
  const files = await Promise.all(
    ART_WIDTHS.map(async (width) => ({
      key: `products/${product.slug}-${hash}-${width}.webp`,
      width,
      bytes: await sharp(Buffer.from(svg), { density: 72 * (width / VIEW_W) * 1.5 })
        .resize(width, Math.round((width * VIEW_H) / VIEW_W))
        .webp({ quality: 78 })
        .toBuffer(),
    })),
  );
  const largest = files.at(-1);
  if (!largest) throw new Error("no widths");
  return {
    r2Key: largest.key,
    alt: `Illustration of ${product.name}`,
    width: largest.width,
    height: Math.round((largest.width * VIEW_H) / VIEW_W),
    variants: files.map((f) => ({ width: f.width, key: f.key })),
    files: files.map((f) => ({ key: f.key, bytes: f.bytes })),
  };
}
