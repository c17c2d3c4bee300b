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
          }),
        )
        .default([]),
      notes: z.string().optional(),
    })
    .default({ methods: [] }),
  carriers: z.record(z.string(), z.object({ name: z.string(), tracking_url: z.string().optional() })).default({}),
  returns: z.string().optional(),
  payments: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().optional() })).default([]),
  faq: z.record(z.string(), z.string()).default({}),
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
