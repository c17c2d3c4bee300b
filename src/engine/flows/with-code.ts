// «دوتا پولوشرت بخرم با کد چقد میشه؟»: what the things priced come to with the shop's discount
// code, worked out from `discount_codes` in shop.yaml (percent, minimum total, sale items or not)
// instead of leaving the customer to do the sum against the policy's words.
import { effectivePrice, type Product } from '../../commerce/index.js';
import { toKey } from '../../nlu/index.js';
import type { TurnContext } from '../context.js';
import { textsOf } from '../texts.js';
import { cueKey } from '../thread.js';

/** One thing priced in an answer, with how many of it. */
export interface Priced {
  product: Product;
  count: number;
}

// «با کد»، «کد تخفیف»، «با کدتون»، «ba code»: the code, asked into the sum.
const CODE_WORD = /(?:^|\s)(?:کد|کدش|کدتون|کده|کدم|کدو|کدتخفیف|code|kod|coupon)(?: ?تخفیف\S*)?(?=\s|$|[?؟!.،,])/;

/**
 * The line that says what `items` come to with the shop's code, when the message asks it with
 * the code («با کد»، or the code itself) and the shop lists codes; undefined otherwise.
 */
export function withCodeLine(ctx: TurnContext, items: readonly Priced[]): string | undefined {
  const codes = ctx.services.commerce.shop().discount_codes;
  if (codes.length === 0 || items.length === 0) return undefined;
  const key = cueKey(ctx);
  const named = codes.find((c) => key.includes(toKey(c.code)));
  const code = named ?? (codes.length === 1 && CODE_WORD.test(key) ? codes[0] : undefined);
  if (!code) return undefined;
  const t = textsOf(ctx);
  const total = items.reduce((sum, i) => sum + i.count * effectivePrice(i.product), 0);
  if (total < code.min_total) return t.codeBelowMinimum(code.code, code.min_total, total);
  const eligible = code.on_sale_items ? items : items.filter((i) => i.product.salePrice === undefined);
  const base = eligible.reduce((sum, i) => sum + i.count * effectivePrice(i.product), 0);
  if (base === 0) return t.codeNotOnSaleItems(code.code, total);
  const off = Math.round((base * code.percent) / 100);
  return t.codeTotal(code.code, code.percent, total - off, eligible.length < items.length, code.first_order_only);
}
