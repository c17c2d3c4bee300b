// The demo page's product cards, made from the catalog at each request: the prices (with a sale's
// old price struck through) and the colours in stock are the ones the bot quotes. The page names
// the products it shows in a comment, `<!-- pasokh:products id id … -->`; a shop without them
// (SHOP_DIR set) gets its first products of different categories.
import { effectivePrice, formatNumber, formatToman, persianDigits, type Product } from '../../src/commerce/index.js';

const SLOT = /<!--\s*pasokh:products([^>]*?)-->/;
const SHOWN = 4;

const ICONS: Record<string, string> = {
  مانتو: '🧥',
  هودی: '🧥',
  شلوار: '👖',
  تیشرت: '👕',
  شومیز: '👚',
  کفش: '👟',
  کیف: '👜',
  'شال و روسری': '🧣',
  اکسسوری: '⌚',
  آرایشی: '💄',
  'مراقبت پوست': '🧴',
};
const TINTS = ['#f5ebe0', '#e0ecf5', '#fdf2e4', '#e7f5ec'];

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const distinct = (values: Array<string | undefined>) => [...new Set(values.filter((v): v is string => !!v))];

/** «سایز S تا XL · مشکی، کرم» from the variants that are in stock; «ناموجود» when none is. */
export function variantsLine(product: Product): string {
  const inStock = product.variants.filter((v) => v.stock > 0);
  if (inStock.length === 0) return 'ناموجود';
  const sizes = distinct(inStock.map((v) => v.size)).map(persianDigits);
  const colours = distinct(inStock.map((v) => v.colour));
  const parts: string[] = [];
  if (sizes.length) parts.push(`سایز ${sizes.length > 2 ? `${sizes[0]} تا ${sizes.at(-1)}` : sizes.join(' و ')}`);
  if (colours.length) parts.push(colours.join('، '));
  return parts.join(' · ');
}

function card(product: Product, index: number): string {
  const price = effectivePrice(product);
  const old = product.salePrice !== undefined && product.salePrice < product.price ? ` <s>${formatNumber(product.price)}</s>` : '';
  const meta = [product.category, variantsLine(product)].filter(Boolean).join(' · ');
  return `<article class="product" data-product="${escape(product.id)}">
      <div class="thumb" style="--tint:${TINTS[index % TINTS.length]}" aria-hidden="true">${ICONS[product.category ?? ''] ?? '🛍️'}</div>
      <div class="body">
        <h3>${escape(product.name)}</h3>
        <div class="meta">${escape(meta)}</div>
        <div class="price">${formatToman(price)}${old}</div>
        <button class="ask" type="button" data-ask="${escape(`قیمت ${product.name} چنده؟`)}">از پاسخ بپرسید</button>
      </div>
    </article>`;
}

/** The products the page names that the catalog has, else the first of different categories. */
function chosen(wanted: string[], products: readonly Product[]): Product[] {
  const byId = new Map(products.map((p) => [p.id, p]));
  const named = wanted.map((id) => byId.get(id)).filter((p): p is Product => p !== undefined);
  if (named.length) return named;
  const seen = new Set<string | undefined>();
  return products.filter((p) => !seen.has(p.category) && seen.add(p.category)).slice(0, SHOWN);
}

/**
 * The demo page with its product slot filled from `products`.
 *
 * @example renderDemoPage(html, app.commerce.catalog().products)
 */
export function renderDemoPage(html: string, products: readonly Product[]): string {
  return html.replace(SLOT, (_slot, ids: string) =>
    chosen(ids.trim().split(/\s+/).filter(Boolean), products)
      .map(card)
      .join('\n    '),
  );
}
