import { z } from 'zod';

const Day = z.union([z.literal('closed'), z.string().regex(/^\d{1,2}:\d{2}-\d{1,2}:\d{2}$/, 'hours look like "09:00-18:00" or closed')]);

export const ShopConfigSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  phone: z.string().optional(),
  support_mobile: z.string().optional(),
  address: z.string().optional(),
  instagram: z.string().optional(),
  telegram: z.string().optional(),
  website: z.string().optional(),
  timezone: z.string().default('Asia/Tehran'),
  hours: z
    .object({
      saturday: Day,
      sunday: Day,
      monday: Day,
      tuesday: Day,
      wednesday: Day,
      thursday: Day,
      friday: Day,
    })
    .partial()
    .default({}),
  holidays: z.array(z.string()).default([]),
  shipping: z
    .object({
      free_over: z.number().nonnegative().optional(),
      methods: z
        .array(
          z.object({
            id: z.string(),
            name: z.string(),
            cost: z.number().nonnegative(),
            days: z.string().optional(),
            cities: z.union([z.literal('all'), z.array(z.string())]).default('all'),
            /** A city's own cost or days with this method, where they differ from the rest. */
            by_city: z.record(z.string(), z.object({ cost: z.number().nonnegative().optional(), days: z.string().optional() })).optional(),
          }),
        )
        .default([]),
      notes: z.string().optional(),
    })
    .default({ methods: [] }),
  carriers: z.record(z.string(), z.object({ name: z.string(), tracking_url: z.string().optional() })).default({}),
  returns: z.string().optional(),
  payments: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().optional() })).default([]),
  /**
   * Codes a customer may use, for «با کد چقد میشه؟» to be worked out: a percentage off, over a
   * minimum order total, for first orders only or all, on sale items or not. (The words about them
   * a customer reads stay in `faq.discount`.)
   */
  discount_codes: z
    .array(
      z.strictObject({
        code: z.string().trim().regex(/^[A-Za-z0-9_-]{3,32}$/, 'a code is 3 to 32 Latin letters, digits, _ or -'),
        percent: z.number().positive().max(100),
        min_total: z.number().nonnegative().default(0),
        first_order_only: z.boolean().default(false),
        on_sale_items: z.boolean().default(false),
      }),
    )
    .default([]),
  /**
   * The shop's own answers. A plain string is an answer to one of pasokh's built-in topics
   * (sizes, original, wholesale, discount, haggle, exchange_shipping); `{questions, answer}` also
   * teaches the classifier how customers ask it, and may be any topic of the shop's own.
   */
  faq: z
    .record(
      z.string().min(1),
      z.union([
        z.string().min(1),
        z.strictObject({
          questions: z.array(z.string().trim().min(1).max(500)).min(1, 'give at least one way a customer asks it (five or more is better)'),
          answer: z.string().trim().min(1),
        }),
      ]),
    )
    .default({}),
  /** Ready answers for agents in the console and the staff group. */
  canned_replies: z.array(z.object({ title: z.string(), text: z.string() })).default([]),
  /** Words that hand a chat to a person straight away (e.g. «وکیل», «شکایت رسمی»). */
  handoff_keywords: z.array(z.string()).default([]),
  /** The bot's register: polite formal Persian, or warm colloquial as Instagram sellers write. */
  tone: z.enum(['formal', 'casual']).default('formal'),
  /**
   * What customers see of stock: just available / sold out, "only N left" under the threshold,
   * or exact counts.
   */
  stock_display: z.enum(['available', 'low', 'exact']).default('available'),
  low_stock_threshold: z.number().int().positive().default(3),
});

export type ShopConfig = z.infer<typeof ShopConfigSchema>;

/** `business_hours` is accepted as another name for `hours`. */
export function normalizeShopYaml(raw: unknown): unknown {
  if (raw && typeof raw === 'object' && 'business_hours' in raw && !('hours' in raw)) {
    const { business_hours, ...rest } = raw as Record<string, unknown>;
    return { ...rest, hours: business_hours };
  }
  return raw;
}

/** One FAQ entry as the bot uses it: its key, its answer, and the customers' questions it was given. */
export interface FaqEntry {
  key: string;
  answer: string;
  questions: readonly string[];
}

/** The shop's FAQ entries, plain answers and entries with questions alike. */
export function faqEntries(shop: Pick<ShopConfig, 'faq'>): FaqEntry[] {
  return Object.entries(shop.faq).map(([key, value]) =>
    typeof value === 'string' ? { key, answer: value, questions: [] } : { key, answer: value.answer, questions: value.questions },
  );
}

/** The shop's answer for one FAQ key, if it wrote one. */
export function faqAnswer(shop: Pick<ShopConfig, 'faq'>, key: string): string | undefined {
  const value = shop.faq[key];
  return typeof value === 'string' ? value : value?.answer;
}
